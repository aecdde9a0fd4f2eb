//! Words in a PNG: the browser paints and compresses a frame; this adds `tEXt` chunks (title,
//! description, source URL) after its header, so the file says what it shows and where to
//! open it. Pure; tested natively.

/// The eight bytes every PNG starts with.
const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// CRC-32 (ISO 3309, as PNG uses it) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    };
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        c = TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    c ^ 0xffff_ffff
}

/// `text` in Latin-1, which `tEXt` holds: arrows, dashes and ellipses spelled in ASCII, any
/// other character outside Latin-1 as `?`, line breaks kept, other controls dropped.
fn latin1(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '→' => out.extend_from_slice(b"->"),
            '—' | '–' | '−' => out.push(b'-'),
            '…' => out.extend_from_slice(b"..."),
            '“' | '”' => out.push(b'"'),
            '‘' | '’' => out.push(b'\''),
            '\n' => out.push(b'\n'),
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {}
            c if (c as u32) < 0x100 => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
    out
}

/// One chunk: length, type, data, CRC of type and data.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut covered = Vec::with_capacity(data.len() + 4);
    covered.extend_from_slice(kind);
    covered.extend_from_slice(data);
    out.extend_from_slice(&crc32(&covered).to_be_bytes());
    out
}

/// `png` with a `tEXt` chunk per `(keyword, text)` right after its `IHDR`. Keywords are 1–79
/// Latin-1 characters (PNG's rule); a file that is not a PNG is an error in words.
pub fn with_text(png: &[u8], entries: &[(&str, &str)]) -> Result<Vec<u8>, String> {
    if png.len() < 8 + 25 || png[..8] != SIGNATURE || &png[12..16] != b"IHDR" {
        return Err("the browser's picture is not a PNG".to_string());
    }
    let ihdr_len = u32::from_be_bytes([png[8], png[9], png[10], png[11]]) as usize;
    let header_end = 8 + 12 + ihdr_len;
    if png.len() < header_end {
        return Err("the browser's PNG is cut short".to_string());
    }
    let mut out = Vec::with_capacity(png.len() + 512);
    out.extend_from_slice(&png[..header_end]);
    for (keyword, text) in entries {
        let keyword = latin1(keyword);
        if keyword.is_empty() || keyword.len() > 79 {
            return Err(format!(
                "a PNG keyword has 1 to 79 characters, not {}",
                keyword.len()
            ));
        }
        let mut data = keyword;
        data.push(0);
        data.extend_from_slice(&latin1(text));
        out.extend_from_slice(&chunk(b"tEXt", &data));
    }
    out.extend_from_slice(&png[header_end..]);
    Ok(out)
}

/// The `tEXt` entries of `png`, in order (for tests and for reading an export back).
pub fn text_entries(png: &[u8]) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    let mut at = 8;
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]) as usize;
        let Some(end) = at.checked_add(12 + len).filter(|&e| e <= png.len()) else {
            break;
        };
        if &png[at + 4..at + 8] == b"tEXt" {
            let data = &png[at + 8..at + 8 + len];
            if let Some(nul) = data.iter().position(|&b| b == 0) {
                let text = |b: &[u8]| b.iter().map(|&c| char::from(c)).collect::<String>();
                entries.push((text(&data[..nul]), text(&data[nul + 1..])));
            }
        }
        at = end;
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 grey PNG (signature, IHDR, IDAT, IEND), its CRCs computed here.
    fn tiny_png() -> Vec<u8> {
        let mut png = SIGNATURE.to_vec();
        png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        png.extend(chunk(
            b"IDAT",
            &[0x78, 0x01, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
        ));
        png.extend(chunk(b"IEND", &[]));
        png
    }

    #[test]
    fn crc_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        // The IEND chunk's well-known CRC.
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
    }

    #[test]
    fn text_goes_after_the_header_and_reads_back() {
        let png = tiny_png();
        let out = with_text(
            &png,
            &[
                ("Title", "convlab: Standard, 4×4×1 input → 1 channel"),
                ("Source", "http://127.0.0.1:8080/?mode=standard"),
            ],
        )
        .unwrap();
        assert_eq!(&out[..33], &png[..33]);
        assert_eq!(&out[37..41], b"tEXt");
        assert!(out.ends_with(&png[33..]));
        assert_eq!(
            text_entries(&out),
            vec![
                (
                    "Title".to_string(),
                    "convlab: Standard, 4×4×1 input -> 1 channel".to_string()
                ),
                (
                    "Source".to_string(),
                    "http://127.0.0.1:8080/?mode=standard".to_string()
                ),
            ]
        );
        // Every chunk's CRC is right.
        let mut at = 8;
        while at < out.len() {
            let len = u32::from_be_bytes(out[at..at + 4].try_into().unwrap()) as usize;
            let crc = u32::from_be_bytes(out[at + 8 + len..at + 12 + len].try_into().unwrap());
            assert_eq!(crc, crc32(&out[at + 4..at + 8 + len]));
            at += 12 + len;
        }
        assert_eq!(at, out.len());
    }

    #[test]
    fn what_is_not_a_png_is_refused() {
        assert!(with_text(b"GIF89a", &[]).is_err());
        assert!(with_text(&tiny_png()[..20], &[]).is_err());
        assert!(with_text(&tiny_png(), &[("", "x")]).is_err());
        assert!(text_entries(b"\x89PNG\r\n\x1a\n\xff\xff\xff\xffjunk").is_empty());
    }
}
