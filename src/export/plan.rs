//! What an export is, before any pixel: the format, the range of steps and the frames it
//! takes (sampled evenly above [`FRAME_CAP`]), the file's name, the words that say what it
//! shows and how to reproduce it, the embed snippet and a size estimate. Pure; tested natively.

use crate::config::LayerConfig;
use crate::engine::Method;
use crate::timeline::{Granularity, Timeline};

/// What the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// An animated GIF, encoded in a worker.
    Gif,
    /// A WebM video, recorded by the browser frame by frame.
    Webm,
    /// One frame as a PNG.
    Png,
    /// One frame as SVG (vector: slides and print).
    Svg,
}

impl Format {
    /// Every format, in the dialog's order.
    pub const ALL: [Format; 4] = [Format::Gif, Format::Webm, Format::Png, Format::Svg];

    /// The name in the dialog.
    pub fn label(self) -> &'static str {
        match self {
            Format::Gif => "GIF",
            Format::Webm => "WebM",
            Format::Png => "PNG",
            Format::Svg => "SVG",
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Gif => "gif",
            Format::Webm => "webm",
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }

    /// The file's media type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Gif => "image/gif",
            Format::Webm => "video/webm",
            Format::Png => "image/png",
            Format::Svg => "image/svg+xml",
        }
    }

    /// Whether it holds many frames (then it takes a range and a frame rate).
    pub fn is_animation(self) -> bool {
        matches!(self, Format::Gif | Format::Webm)
    }

    /// The format an extension names.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// Which steps an animation shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Range {
    /// The frame on the stage.
    Current,
    /// The phase the current step is in (a pass, a step of the layer, a group), start to end.
    Phase,
    /// Step 0 to the last.
    Whole,
    /// From one step count to another, both included.
    Steps(u64, u64),
}

/// The frame widths on offer, in pixels.
pub const WIDTHS: [u32; 4] = [640, 960, 1280, 1920];
/// The frame rates on offer, in frames per second.
pub const FRAME_RATES: [u32; 5] = [2, 5, 10, 15, 30];
/// The most frames an animation holds: a longer range is sampled evenly.
pub const FRAME_CAP: u64 = 600;

/// The frames of an export: each is a count of completed steps (a frame shows the stage after
/// that many steps; 0 is the start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FramePlan {
    /// The first frame's step count.
    pub from: u64,
    /// The last frame's step count.
    pub to: u64,
    /// Every frame's step count, in order, `from` and `to` included.
    pub frames: Vec<u64>,
    /// Whether the range had more than [`FRAME_CAP`] + 1 frames and was sampled.
    pub sampled: bool,
}

/// The steps of the phase that the frame at `completed` shows (the phase of its last completed
/// step; of the first step at 0): from its start, nothing of it done, to its end.
pub fn phase_bounds(timeline: &Timeline, completed: u64) -> (u64, u64) {
    let completed = completed.min(timeline.len());
    let start = if completed == 0 {
        0
    } else {
        timeline.previous_phase_start(completed)
    };
    (start, timeline.next_phase_start(start))
}

/// The frames `range` takes on `timeline` with the stage at `completed`; a range of `s` steps
/// gives `s + 1` frames (its start included), sampled evenly down to [`FRAME_CAP`] frames,
/// first and last kept. Steps out of the timeline are named in words.
pub fn plan_frames(timeline: &Timeline, range: Range, completed: u64) -> Result<FramePlan, String> {
    let len = timeline.len();
    let (from, to) = match range {
        Range::Current => (completed.min(len), completed.min(len)),
        Range::Phase => phase_bounds(timeline, completed),
        Range::Whole => (0, len),
        Range::Steps(from, to) => {
            if from > len || to > len {
                return Err(format!(
                    "The steps must be between 0 and {len}, the last step of this layer."
                ));
            }
            if from > to {
                return Err("“From step” must not be after “To step”.".to_string());
            }
            (from, to)
        }
    };
    let span = to - from;
    let (frames, sampled) = if span < FRAME_CAP {
        ((from..=to).collect(), false)
    } else {
        let last = FRAME_CAP - 1;
        let frames = (0..FRAME_CAP)
            .map(|i| from + (u128::from(i) * u128::from(span) / u128::from(last)) as u64)
            .collect();
        (frames, true)
    };
    Ok(FramePlan {
        from,
        to,
        frames,
        sampled,
    })
}

/// The layer in a file name: `64x64x3-256-k3` (`k3x1` for a non-square kernel), with the
/// groups, depth multiplier, stride and dilation when they are not 1. (The padding and the
/// rest are in the URL the file's metadata carries.)
pub fn layer_slug(config: &LayerConfig) -> String {
    let p = &config.params;
    let mut slug = format!(
        "{}x{}x{}-{}-k{}",
        p.input.h, p.input.w, p.in_channels, p.out_channels, p.kernel.h
    );
    if p.kernel.w != p.kernel.h {
        slug.push_str(&format!("x{}", p.kernel.w));
    }
    if config.method == Method::Grouped {
        slug.push_str(&format!("-g{}", p.groups));
    }
    if config.method == Method::DepthwiseSeparable && config.multiplier > 1 {
        slug.push_str(&format!("-m{}", config.multiplier));
    }
    for (key, pair) in [("s", p.stride), ("d", p.dilation)] {
        if pair.h != 1 || pair.w != 1 {
            slug.push_str(&format!("-{key}{}", pair.h));
            if pair.w != pair.h {
                slug.push_str(&format!("x{}", pair.w));
            }
        }
    }
    slug
}

/// The file's name: `convlab-depthwise-separable-64x64x3-256-k3-steps-0-75.gif`, or
/// `…-step-12.png` for one frame.
pub fn file_name(config: &LayerConfig, format: Format, plan: &FramePlan) -> String {
    let steps = if plan.from == plan.to {
        format!("step-{}", plan.from)
    } else {
        format!("steps-{}-{}", plan.from, plan.to)
    };
    format!(
        "convlab-{}-{}-{steps}.{}",
        config.method.key(),
        layer_slug(config),
        format.extension()
    )
}

/// The export's title: what it shows, in a line.
pub fn title(config: &LayerConfig) -> String {
    let p = &config.params;
    let mut title = format!(
        "convlab: {}, {}×{}×{} input → {} channel{}, {}×{} kernel",
        config.method.label(),
        p.input.h,
        p.input.w,
        p.in_channels,
        p.out_channels,
        if p.out_channels == 1 { "" } else { "s" },
        p.kernel.h,
        p.kernel.w
    );
    if config.method == Method::Grouped {
        title.push_str(&format!(", {} groups", p.groups));
    }
    title
}

/// What an export shows and how to reproduce it: the frames, the step size, the frame rate of
/// an animation, and the page `url` with the same state.
pub fn description(timeline: &Timeline, plan: &FramePlan, fps: Option<u32>, url: &str) -> String {
    let unit = match timeline.granularity() {
        Granularity::Element => "one output value",
        Granularity::Mac => "one multiply-add",
    };
    let len = timeline.len();
    let mut text = if plan.from == plan.to {
        format!("The stage after step {} of {len}", plan.from)
    } else {
        format!(
            "Steps {} to {} of {len}, {} frames",
            plan.from,
            plan.to,
            plan.frames.len()
        )
    };
    text.push_str(&format!(" (each step: {unit})"));
    if plan.sampled {
        text.push_str(", sampled evenly");
    }
    if let Some(fps) = fps {
        text.push_str(&format!(", {fps} frames per second"));
    }
    text.push_str(&format!(". Open it in convlab: {url}"));
    text
}

/// The page's URL for a query, with `embed` and `present` left out (the full page).
pub fn page_url(origin_and_path: &str, query: &str) -> String {
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("embed=") && !kv.starts_with("present="))
        .collect();
    if kept.is_empty() {
        origin_and_path.to_string()
    } else {
        format!("{origin_and_path}?{}", kept.join("&"))
    }
}

/// An `<iframe>` that shows `url` embedded (`embed=1` added), `width`×`height` CSS pixels.
pub fn embed_snippet(url: &str, width: u32, height: u32, title: &str) -> String {
    let join = if url.contains('?') { '&' } else { '?' };
    let src = format!("{url}{join}embed=1");
    format!(
        "<iframe src=\"{}\" width=\"{width}\" height=\"{height}\" title=\"{}\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
        attribute(&src),
        attribute(title)
    )
}

/// `text` escaped for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// A rough file size in bytes before encoding, for the dialog ("about 1.2 MB"): a first frame
/// of about half a byte per pixel, then per frame the cells that change (the window, the new
/// output value, the counters), which grow with the frame's width. Animations only.
pub fn estimated_bytes(format: Format, width: u32, height: u32, frames: usize) -> u64 {
    let pixels = u64::from(width) * u64::from(height);
    let first = pixels / 2;
    let per_frame = match format {
        // A GIF's frames are the changed rectangles, LZW-packed.
        Format::Gif => pixels / 40,
        // A video's frames are deltas at the browser's bit rate.
        Format::Webm => pixels / 60,
        Format::Png | Format::Svg => 0,
    };
    first + per_frame * frames.saturating_sub(1) as u64
}

/// A size in words: "840 KB", "1.2 MB".
pub fn size_words(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000).max(1))
    } else {
        let tenths = bytes.div_ceil(100_000);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Form;

    fn layer(query: &str) -> LayerConfig {
        Form::from_query(query).validate().expect("a valid layer")
    }

    fn timeline(query: &str) -> Timeline {
        Timeline::new(&layer(query), Granularity::Element).expect("a timeline")
    }

    #[test]
    fn a_range_of_s_steps_has_s_plus_one_frames() {
        let t = timeline("mode=standard&h=4&w=4&cin=1&cout=1&k=3");
        let whole = plan_frames(&t, Range::Whole, 5).unwrap();
        assert_eq!((whole.from, whole.to), (0, t.len()));
        assert_eq!(whole.frames.len() as u64, t.len() + 1);
        assert!(!whole.sampled);
        let one = plan_frames(&t, Range::Current, 5).unwrap();
        assert_eq!(one.frames, vec![5]);
        let some = plan_frames(&t, Range::Steps(2, 6), 0).unwrap();
        assert_eq!(some.frames, vec![2, 3, 4, 5, 6]);
    }

    #[test]
    fn steps_out_of_the_layer_are_named() {
        let t = timeline("mode=standard&h=4&w=4&cin=1&cout=1&k=3");
        let len = t.len();
        let err = plan_frames(&t, Range::Steps(0, len + 1), 0).unwrap_err();
        assert!(err.contains(&format!("between 0 and {len}")), "{err}");
        let err = plan_frames(&t, Range::Steps(3, 2), 0).unwrap_err();
        assert!(err.contains("must not be after"), "{err}");
    }

    #[test]
    fn long_ranges_are_sampled_evenly_to_the_cap() {
        let t = timeline("mode=standard&h=64&w=64&cin=3&cout=8&k=3&pad=1");
        let plan = plan_frames(&t, Range::Whole, 0).unwrap();
        assert!(plan.sampled);
        assert_eq!(plan.frames.len() as u64, FRAME_CAP);
        assert_eq!(plan.frames.first(), Some(&0));
        assert_eq!(plan.frames.last(), Some(&t.len()));
        assert!(plan.frames.windows(2).all(|w| w[0] < w[1]));
        // Evenly: the gaps differ by at most one step.
        let gaps: Vec<u64> = plan.frames.windows(2).map(|w| w[1] - w[0]).collect();
        let (lo, hi) = (gaps.iter().min().unwrap(), gaps.iter().max().unwrap());
        assert!(hi - lo <= 1, "gaps {lo}..{hi}");
        // Exactly the cap plus one frames is not sampled.
        let plan = plan_frames(&t, Range::Steps(10, 10 + FRAME_CAP - 1), 0).unwrap();
        assert!(!plan.sampled);
        assert_eq!(plan.frames.len() as u64, FRAME_CAP);
    }

    #[test]
    fn a_phase_is_one_pass_one_step_or_one_group() {
        let t = timeline("mode=depthwise-separable&h=4&w=4&cin=2&cout=3&k=3");
        let depthwise = t.stages()[1].first_step;
        assert_eq!(phase_bounds(&t, 0), (0, depthwise));
        assert_eq!(phase_bounds(&t, 3), (0, depthwise));
        assert_eq!(phase_bounds(&t, depthwise), (0, depthwise));
        assert_eq!(phase_bounds(&t, depthwise + 1), (depthwise, t.len()));
        let g = timeline("mode=grouped&h=4&w=4&cin=4&cout=4&k=3&groups=2");
        let half = g.len() / 2;
        assert_eq!(phase_bounds(&g, half + 1), (half, g.len()));
        let plan = plan_frames(&g, Range::Phase, 1).unwrap();
        assert_eq!((plan.from, plan.to), (0, half));
        assert_eq!(plan.frames.len() as u64, half + 1);
    }

    #[test]
    fn file_names_carry_the_method_layer_and_steps() {
        let config = layer("mode=depthwise-separable&h=64&w=64&cin=3&cout=256&k=3&pad=1");
        let t = Timeline::new(&config, Granularity::Element).unwrap();
        let plan = plan_frames(&t, Range::Steps(0, 75), 0).unwrap();
        assert_eq!(
            file_name(&config, Format::Gif, &plan),
            "convlab-depthwise-separable-64x64x3-256-k3-steps-0-75.gif"
        );
        let one = plan_frames(&t, Range::Current, 12).unwrap();
        assert_eq!(
            file_name(&config, Format::Png, &one),
            "convlab-depthwise-separable-64x64x3-256-k3-step-12.png"
        );
        let grouped = layer("mode=grouped&h=8&w=6&cin=4&cout=8&kh=3&kw=1&groups=2&stride=2");
        assert_eq!(layer_slug(&grouped), "8x6x4-8-k3x1-g2-s2");
    }

    #[test]
    fn titles_name_the_method_and_layer() {
        assert_eq!(
            title(&layer("mode=standard&h=4&w=4&cin=1&cout=1&k=3")),
            "convlab: Standard, 4×4×1 input → 1 channel, 3×3 kernel"
        );
        assert_eq!(
            title(&layer(
                "mode=grouped&h=8&w=8&cin=4&cout=8&kh=3&kw=1&groups=2"
            )),
            "convlab: Grouped, 8×8×4 input → 8 channels, 3×1 kernel, 2 groups"
        );
    }

    #[test]
    fn descriptions_say_what_and_where() {
        let t = timeline("mode=standard&h=4&w=4&cin=1&cout=1&k=3");
        let plan = plan_frames(&t, Range::Whole, 0).unwrap();
        let text = description(&t, &plan, Some(10), "http://x/?mode=standard");
        let len = t.len();
        assert_eq!(
            text,
            format!(
                "Steps 0 to {len} of {len}, {} frames (each step: one output value), 10 frames per second. Open it in convlab: http://x/?mode=standard",
                len + 1
            )
        );
    }

    #[test]
    fn page_urls_and_embed_snippets() {
        assert_eq!(
            page_url("https://a.b/", "?mode=grouped&embed=1&groups=2&present=1"),
            "https://a.b/?mode=grouped&groups=2"
        );
        assert_eq!(page_url("https://a.b/", ""), "https://a.b/");
        let snippet = embed_snippet(
            "https://a.b/?mode=grouped&groups=2",
            640,
            480,
            "convlab: \"x\"",
        );
        assert_eq!(
            snippet,
            "<iframe src=\"https://a.b/?mode=grouped&amp;groups=2&amp;embed=1\" width=\"640\" height=\"480\" title=\"convlab: &quot;x&quot;\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>"
        );
    }

    #[test]
    fn sizes_read_in_words() {
        assert_eq!(size_words(1), "1 KB");
        assert_eq!(size_words(840_000), "840 KB");
        assert_eq!(size_words(1_234_567), "1.3 MB");
        assert!(
            estimated_bytes(Format::Gif, 960, 600, 100)
                > estimated_bytes(Format::Gif, 960, 600, 10)
        );
        assert_eq!(Format::from_extension("webm"), Some(Format::Webm));
    }
}
