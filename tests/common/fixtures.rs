//! Reading the JSON convolution fixtures (`tests/fixtures/conv/FORMAT.md`) by hand from
//! `serde_json::Value`, shared by the test binaries that use them.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use convlab::engine::{Pair, Shape3, Tensor, Weights};
use serde_json::Value;

pub fn field<'a>(v: &'a Value, name: &str) -> Result<&'a Value, String> {
    v.get(name).ok_or_else(|| format!("missing field `{name}`"))
}

pub fn as_usize(v: &Value, what: &str) -> Result<usize, String> {
    v.as_u64()
        .map(|n| n as usize)
        .ok_or_else(|| format!("`{what}` is not a non-negative integer"))
}

pub fn u64_field(v: &Value, name: &str) -> Result<u64, String> {
    field(v, name)?
        .as_u64()
        .ok_or_else(|| format!("`{name}` is not an integer"))
}

pub fn pair(v: &Value, name: &str) -> Result<Pair, String> {
    match field(v, name)?.as_array().map(Vec::as_slice) {
        Some([h, w]) => Ok(Pair::new(as_usize(h, name)?, as_usize(w, name)?)),
        _ => Err(format!("`{name}` is not a pair")),
    }
}

pub fn floats(v: &Value, what: &str) -> Result<Vec<f32>, String> {
    v.as_array()
        .ok_or_else(|| format!("`{what}` is not an array"))?
        .iter()
        .map(|x| {
            x.as_f64()
                .map(|f| f as f32)
                .ok_or_else(|| format!("`{what}` holds a non-number"))
        })
        .collect()
}

pub fn optional_floats(v: &Value, name: &str) -> Result<Option<Vec<f32>>, String> {
    match field(v, name)? {
        Value::Null => Ok(None),
        x => floats(x, name).map(Some),
    }
}

/// A `{"shape": [...], "data": [...]}` tensor as its shape and values.
pub fn raw_tensor(v: &Value, name: &str) -> Result<(Vec<usize>, Vec<f32>), String> {
    let t = field(v, name)?;
    let shape = field(t, "shape")?
        .as_array()
        .ok_or_else(|| format!("`{name}.shape` is not an array"))?
        .iter()
        .map(|d| as_usize(d, name))
        .collect::<Result<Vec<_>, _>>()?;
    let data = floats(field(t, "data")?, name)?;
    Ok((shape, data))
}

pub fn tensor3(v: &Value, name: &str) -> Result<Tensor, String> {
    match raw_tensor(v, name)? {
        (s, data) if s.len() == 3 => {
            Tensor::from_vec(Shape3::new(s[0], s[1], s[2]), data).map_err(|e| e.to_string())
        }
        (s, _) => Err(format!("`{name}` has shape {s:?}, not [C, H, W]")),
    }
}

pub fn weights4(v: &Value, name: &str) -> Result<Weights, String> {
    match raw_tensor(v, name)? {
        (s, data) if s.len() == 4 => {
            Weights::from_vec([s[0], s[1], s[2], s[3]], data).map_err(|e| e.to_string())
        }
        (s, _) => Err(format!("`{name}` has shape {s:?}, not 4-D")),
    }
}

/// Every `*.json` in `dir`, sorted by name.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read the fixture folder {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// The public fixtures, parsed.
pub fn public_cases() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conv");
    json_files(&dir)
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let case = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            let name = path
                .file_stem()
                .map_or_else(String::new, |n| n.to_string_lossy().into());
            (name, case)
        })
        .collect()
}
