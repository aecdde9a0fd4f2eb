//! A WebM's duration. The browser's `MediaRecorder` writes a live stream: its `Info` has no
//! `Duration`, so players show no length and no seek bar. [`with_duration`] writes one into the
//! recorded file. WebM is EBML: elements of an ID and a size, both variable-length integers.
//! Pure; tested natively.

/// EBML IDs (with their length marker bits, as written).
const SEGMENT: u32 = 0x1853_8067;
const SEEK_HEAD: u32 = 0x114D_9B74;
const INFO: u32 = 0x1549_A966;
const TIMECODE_SCALE: u32 = 0x2A_D7B1;
const DURATION: u32 = 0x4489;
/// The default timecode scale: one tick is a millisecond.
const DEFAULT_SCALE_NS: u64 = 1_000_000;

/// An element's ID at `at`: its value (marker kept) and length.
fn read_id(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    let first = *bytes.get(at)?;
    let len = first.leading_zeros() as usize + 1;
    if len > 4 {
        return None;
    }
    let id = bytes
        .get(at..at + len)?
        .iter()
        .fold(0u32, |v, &b| (v << 8) | u32::from(b));
    Some((id, len))
}

/// A size at `at`: its value (`None` inside for "unknown", all ones) and length.
fn read_size(bytes: &[u8], at: usize) -> Option<(Option<u64>, usize)> {
    let first = *bytes.get(at)?;
    let len = first.leading_zeros() as usize + 1;
    if len > 8 {
        return None;
    }
    let mut value = u64::from(first) & (0xff >> len);
    for &b in bytes.get(at + 1..at + len)? {
        value = (value << 8) | u64::from(b);
    }
    let unknown = value == (1u64 << (7 * len)) - 1;
    Some(((!unknown).then_some(value), len))
}

/// `value` as an 8-byte EBML size.
fn size8(value: u64) -> [u8; 8] {
    let mut out = value.to_be_bytes();
    out[0] = 0x01;
    out
}

/// An element's ID written back.
fn id_bytes(id: u32) -> Vec<u8> {
    let bytes = id.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    bytes[skip..].to_vec()
}

/// The children of the element data `bytes[start..end]`: (ID, header start, data start, data
/// end).
fn children(bytes: &[u8], start: usize, end: usize) -> Option<Vec<(u32, usize, usize, usize)>> {
    let mut out = Vec::new();
    let mut at = start;
    while at < end {
        let (id, id_len) = read_id(bytes, at)?;
        let (size, size_len) = read_size(bytes, at + id_len)?;
        let data = at + id_len + size_len;
        let data_end = data.checked_add(usize::try_from(size?).ok()?)?;
        if data_end > end {
            return None;
        }
        out.push((id, at, data, data_end));
        at = data_end;
    }
    Some(out)
}

/// `webm` with its `Info` saying it lasts `duration_ms` milliseconds (any `Duration` it had is
/// replaced). A file it cannot safely change — no `Segment` or `Info`, or a `SeekHead` whose
/// positions the longer `Info` would move — is an error in words.
pub fn with_duration(webm: &[u8], duration_ms: f64) -> Result<Vec<u8>, String> {
    let unreadable = || "the recorded video is not a WebM this can read".to_string();
    // The EBML header, then the Segment.
    let (_, id_len) = read_id(webm, 0).ok_or_else(unreadable)?;
    let (header_size, size_len) = read_size(webm, id_len).ok_or_else(unreadable)?;
    let segment_at = usize::try_from(header_size.ok_or_else(unreadable)?)
        .ok()
        .and_then(|size| (id_len + size_len).checked_add(size))
        .ok_or_else(unreadable)?;
    let (segment_id, seg_id_len) = read_id(webm, segment_at).ok_or_else(unreadable)?;
    if segment_id != SEGMENT {
        return Err(unreadable());
    }
    let (segment_size, seg_size_len) =
        read_size(webm, segment_at + seg_id_len).ok_or_else(unreadable)?;
    let segment_data = segment_at + seg_id_len + seg_size_len;
    // Walk the Segment's first children up to Info (clusters may have unknown sizes: stop there).
    let mut at = segment_data;
    let (info_at, info_data, info_end) = loop {
        let (id, id_len) = read_id(webm, at).ok_or_else(unreadable)?;
        let (size, size_len) = read_size(webm, at + id_len).ok_or_else(unreadable)?;
        let data = at + id_len + size_len;
        let end = usize::try_from(size.ok_or_else(unreadable)?)
            .ok()
            .and_then(|size| data.checked_add(size))
            .filter(|&end| end <= webm.len())
            .ok_or_else(unreadable)?;
        match id {
            INFO => break (at, data, end),
            SEEK_HEAD => {
                return Err("the recorded video has a seek index this cannot update".to_string())
            }
            _ => at = end,
        }
    };
    let fields = children(webm, info_data, info_end).ok_or_else(unreadable)?;
    let scale_ns = fields
        .iter()
        .find(|f| f.0 == TIMECODE_SCALE)
        .map(|&(_, _, data, end)| {
            webm[data..end]
                .iter()
                .fold(0u64, |v, &b| (v << 8) | u64::from(b))
        })
        .filter(|&s| s > 0)
        .unwrap_or(DEFAULT_SCALE_NS);
    let ticks = duration_ms * 1_000_000.0 / scale_ns as f64;
    let mut info = Vec::new();
    for &(id, header, _, end) in &fields {
        if id != DURATION {
            info.extend_from_slice(&webm[header..end]);
        }
    }
    info.extend_from_slice(&id_bytes(DURATION));
    info.push(0x88);
    info.extend_from_slice(&ticks.to_be_bytes());

    let mut out = Vec::with_capacity(webm.len() + 16);
    out.extend_from_slice(&webm[..segment_at + seg_id_len]);
    let old_info_len = info_end - info_at;
    let new_info_len = id_bytes(INFO).len() + 8 + info.len();
    match segment_size {
        Some(size) => {
            let size = size + new_info_len as u64 - old_info_len as u64;
            out.extend_from_slice(&size8(size));
        }
        None => out.extend_from_slice(&webm[segment_at + seg_id_len..segment_data]),
    }
    out.extend_from_slice(&webm[segment_data..info_at]);
    out.extend_from_slice(&id_bytes(INFO));
    out.extend_from_slice(&size8(info.len() as u64));
    out.extend_from_slice(&info);
    out.extend_from_slice(&webm[info_end..]);
    Ok(out)
}

/// The `Duration` of `webm`'s `Info`, in milliseconds (for tests and for reading a file back).
pub fn duration_ms(webm: &[u8]) -> Option<f64> {
    let (_, id_len) = read_id(webm, 0)?;
    let (header_size, size_len) = read_size(webm, id_len)?;
    let segment_at = (id_len + size_len).checked_add(usize::try_from(header_size?).ok()?)?;
    let (_, seg_id_len) = read_id(webm, segment_at)?;
    let (_, seg_size_len) = read_size(webm, segment_at + seg_id_len)?;
    let mut at = segment_at + seg_id_len + seg_size_len;
    loop {
        let (id, id_len) = read_id(webm, at)?;
        let (size, size_len) = read_size(webm, at + id_len)?;
        let data = at + id_len + size_len;
        let end = data
            .checked_add(usize::try_from(size?).ok()?)
            .filter(|&end| end <= webm.len())?;
        if id == INFO {
            let fields = children(webm, data, end)?;
            let scale = fields
                .iter()
                .find(|f| f.0 == TIMECODE_SCALE)
                .map(|&(_, _, d, e)| {
                    webm[d..e]
                        .iter()
                        .fold(0u64, |v, &b| (v << 8) | u64::from(b))
                })
                .unwrap_or(DEFAULT_SCALE_NS);
            let &(_, _, d, e) = fields.iter().find(|f| f.0 == DURATION)?;
            let ticks = match e - d {
                4 => f64::from(f32::from_be_bytes(webm[d..e].try_into().ok()?)),
                8 => f64::from_be_bytes(webm[d..e].try_into().ok()?),
                _ => return None,
            };
            return Some(ticks * scale as f64 / 1_000_000.0);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(id: u32, data: &[u8]) -> Vec<u8> {
        let mut out = id_bytes(id);
        assert!(data.len() < 127);
        out.push(0x80 | data.len() as u8);
        out.extend_from_slice(data);
        out
    }

    /// A file shaped as Chromium's MediaRecorder writes one: EBML header, a Segment of unknown
    /// size with Info (scale, muxing and writing app), Tracks, and a Cluster of unknown size.
    fn recorded(segment_size_unknown: bool) -> Vec<u8> {
        let mut file = element(0x1A45_DFA3, &element(0x4282, b"webm"));
        let mut info = element(TIMECODE_SCALE, &[0x0F, 0x42, 0x40]);
        info.extend(element(0x4D80, b"Chrome"));
        info.extend(element(0x5741, b"Chrome"));
        let mut body = element(INFO, &info);
        body.extend(element(0x1654_AE6B, &element(0xAE, &[0xD7, 0x81, 0x01])));
        let mut cluster = vec![
            0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ];
        cluster.extend(element(0xE7, &[0x00]));
        cluster.extend(element(0xA3, &[0x81, 0x00, 0x00, 0x80, 1, 2, 3]));
        body.extend(cluster);
        file.extend_from_slice(&[0x18, 0x53, 0x80, 0x67]);
        if segment_size_unknown {
            file.extend_from_slice(&[0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        } else {
            file.extend_from_slice(&size8(body.len() as u64));
        }
        file.extend(body);
        file
    }

    #[test]
    fn a_live_recording_gets_its_duration() {
        let file = recorded(true);
        assert_eq!(duration_ms(&file), None);
        let out = with_duration(&file, 7500.0).unwrap();
        assert_eq!(duration_ms(&out), Some(7500.0));
        // Everything after Info is as it was.
        let tail = file.len()
            - file
                .windows(4)
                .position(|w| w == [0x16, 0x54, 0xAE, 0x6B])
                .unwrap();
        assert_eq!(out[out.len() - tail..], file[file.len() - tail..]);
        // Twice: the duration is replaced, not added.
        let again = with_duration(&out, 1000.0).unwrap();
        assert_eq!(duration_ms(&again), Some(1000.0));
        assert_eq!(again.len(), out.len());
    }

    #[test]
    fn a_known_segment_size_grows_with_info() {
        let file = recorded(false);
        let out = with_duration(&file, 250.0).unwrap();
        assert_eq!(duration_ms(&out), Some(250.0));
        let seg_at = out
            .windows(4)
            .position(|w| w == [0x18, 0x53, 0x80, 0x67])
            .unwrap();
        let (size, len) = read_size(&out, seg_at + 4).unwrap();
        assert_eq!(size, Some((out.len() - seg_at - 4 - len) as u64));
    }

    #[test]
    fn other_files_are_refused_in_words() {
        assert!(with_duration(b"not a video", 1.0).is_err());
        assert!(with_duration(&[], 1.0).is_err());
        let mut seek = element(0x1A45_DFA3, &element(0x4282, b"webm"));
        seek.extend_from_slice(&[
            0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ]);
        seek.extend(element(SEEK_HEAD, &[]));
        let err = with_duration(&seek, 1.0).unwrap_err();
        assert!(err.contains("seek index"), "{err}");
        let cut = recorded(true);
        assert!(with_duration(&cut[..30], 1.0).is_err());
    }
}
