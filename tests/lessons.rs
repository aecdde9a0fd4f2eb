//! The guided lessons: every chapter's layer validates and costs; every figure in the prose
//! equals an independent recomputation (FORMAT.md's formulas written out here, checked against
//! `engine::cost`); no digit appears in the prose outside figures and listed names; every
//! chapter opens where what it says to watch happens within ten seconds of Play; the
//! `lesson=`/`chapter=` keys round-trip and refuse bad values with a sentence.

use convlab::config::seed::quoted;
use convlab::config::{Form, LayerConfig};
use convlab::engine::cost::method_cost;
use convlab::engine::rank::analyze_kernel;
use convlab::engine::{Method, NamedKernel, Pair, Ratio, Shape3};
use convlab::explorer::presets::{self, Variant};
use convlab::lessons::content::{all_lessons, Lesson, Panel};
use convlab::lessons::prose::{About, Figure, Paragraph, Piece, Value, FORMULAS, NAMES};
use convlab::lessons::{LessonProblem, LessonRef, Sight, WATCH_SECS};
use convlab::timeline::cursor::DEFAULT_SPEED;
use convlab::timeline::{Granularity, Timeline};

fn lessons() -> Vec<Lesson> {
    all_lessons().expect("every lesson builds")
}

/// `floor((n + 2p − d(k−1) − 1)/s) + 1`, FORMAT.md's output-size law.
fn out_len(n: usize, k: usize, s: usize, p: usize, d: usize) -> u64 {
    ((n + 2 * p - d * (k - 1) - 1) / s + 1) as u64
}

/// A layer figure recomputed from the layer's numbers with FORMAT.md's formulas, not through
/// the lessons' code.
fn independent(metric: &str, config: &LayerConfig) -> Value {
    let p = config.params;
    let (c, o, g, m) = (
        p.in_channels as u64,
        p.out_channels as u64,
        p.groups as u64,
        config.multiplier as u64,
    );
    let (kh, kw) = (p.kernel.h as u64, p.kernel.w as u64);
    let oh = out_len(p.input.h, p.kernel.h, p.stride.h, p.padding.h, p.dilation.h);
    let ow = out_len(p.input.w, p.kernel.w, p.stride.w, p.padding.w, p.dilation.w);
    let shape =
        |c: u64, h: u64, w: u64| Value::Shape(Shape3::new(c as usize, h as usize, w as usize));
    // (stage MACs, stage params, stage output shape) per method, then the standard layer.
    // Biases count as parameters (one per output channel of a stage), never as MACs.
    let b = |n: u64| if p.bias { n } else { 0 };
    let standard_macs = o * oh * ow * c * kh * kw;
    let standard_params = o * c * kh * kw + b(o);
    let stages: Vec<(u64, u64, Value)> = match config.method {
        Method::Standard => vec![(standard_macs, standard_params, shape(o, oh, ow))],
        Method::Grouped => vec![(
            o * oh * ow * (c / g) * kh * kw,
            o * (c / g) * kh * kw + b(o),
            shape(o, oh, ow),
        )],
        Method::SpatialSeparable => {
            // Column pass over the full width, then the row pass: MH = H + 2PH − KH + 1.
            let mh = (p.input.h + 2 * p.padding.h - p.kernel.h + 1) as u64;
            let w = p.input.w as u64;
            vec![
                (c * mh * w * kh, c * kh, shape(c, mh, w)),
                (c * mh * ow * kw, c * kw + b(c), shape(c, mh, ow)),
            ]
        }
        Method::DepthwiseSeparable => vec![
            (
                c * m * oh * ow * kh * kw,
                c * m * kh * kw,
                shape(c * m, oh, ow),
            ),
            (o * c * m * oh * ow, o * c * m, shape(o, oh, ow)),
        ],
    };
    let (standard_macs, standard_params) = match config.method {
        // The full kernel per channel.
        Method::SpatialSeparable => {
            let mh = (p.input.h + 2 * p.padding.h - p.kernel.h + 1) as u64;
            (c * mh * ow * kh * kw, c * kh * kw + b(c))
        }
        _ => (standard_macs, standard_params),
    };
    let macs: u64 = stages.iter().map(|s| s.0).sum();
    let params: u64 = stages.iter().map(|s| s.1).sum();
    let last = stages.last().map(|s| s.2.clone()).expect("a stage");
    let plane = |v: &Value| match v {
        Value::Shape(s) => Value::Shape(Shape3::new(1, s.h, s.w)),
        other => other.clone(),
    };
    let count = Value::Count;
    match metric {
        "input-shape" => shape(c, p.input.h as u64, p.input.w as u64),
        "input-size" => Value::Size(p.input),
        "output-shape" => last,
        "output-size" => match last {
            Value::Shape(s) => Value::Size(Pair::new(s.h, s.w)),
            other => other,
        },
        "intermediate-shape" => stages[0].2.clone(),
        "stage1-plane" => plane(&stages[0].2),
        "stage2-plane" => plane(&stages[1].2),
        "kernel" => Value::Size(p.kernel),
        "column-kernel" => Value::Size(Pair::new(p.kernel.h, 1)),
        "row-kernel" => Value::Size(Pair::new(1, p.kernel.w)),
        "filter" => match config.method {
            Method::Standard => shape(c, kh, kw),
            Method::Grouped => shape(c / g, kh, kw),
            Method::SpatialSeparable => shape(1, kh, 1),
            Method::DepthwiseSeparable => shape(1, kh, kw),
        },
        "standard-filter" => shape(c, kh, kw),
        "pointwise-filter" => shape(c * m, 1, 1),
        "in-channels" => count(c),
        "out-channels" => match &last {
            Value::Shape(s) => count(s.c as u64),
            _ => count(o),
        },
        "pointwise-in-channels" => count(c * m),
        "groups" => count(g),
        "channels-per-group" => count(c / g),
        "outputs-per-group" => count(o / g),
        "multiplier" => count(m),
        "macs" => count(macs),
        "params" => count(params),
        "standard-macs" => count(standard_macs),
        "standard-params" => count(standard_params),
        "stage1-macs" => count(stages[0].0),
        "stage2-macs" => count(stages[1].0),
        "stage1-params" => count(stages[0].1),
        "stage2-params" => count(stages[1].1),
        "mac-ratio" => Value::Times(Ratio::new(standard_macs, macs)),
        "mac-ratio-inverse" => Value::Fraction(Ratio::new(macs, standard_macs)),
        // Taps of one output element of the first stage: (C/G)·KH·KW.
        "taps-per-output" => count(match config.method {
            Method::Standard => c * kh * kw,
            Method::Grouped => (c / g) * kh * kw,
            Method::SpatialSeparable => kh,
            Method::DepthwiseSeparable => kh * kw,
        }),
        "standard-taps-per-output" => count(c * kh * kw),
        "separable-taps" => count(kh + kw),
        "full-taps" => count(kh * kw),
        // Smallest k with k·(KH+KW) ≥ KH·KW.
        "break-even-rank" => count((1..).find(|k| k * (kh + kw) >= kh * kw).unwrap_or(0)),
        other => panic!("no independent formula for the layer metric “{other}”"),
    }
}

/// A kernel figure recomputed through `engine::rank` directly.
fn kernel_figure_matches(metric: &str, kernel: NamedKernel, value: &Value) {
    let a = analyze_kernel(&kernel.matrix());
    let (kh, kw) = (kernel.matrix().rows() as u64, kernel.matrix().cols() as u64);
    let close = |got: &[f64], want: &[f64]| {
        got.len() == want.len() && got.iter().zip(want).all(|(x, y)| (x - y).abs() < 1e-9)
    };
    match (metric, value) {
        ("kernel-rank", Value::Count(r)) => assert_eq!(*r, a.rank as u64),
        ("kernel-size", Value::Size(s)) => assert_eq!((s.h as u64, s.w as u64), (kh, kw)),
        ("column-factor", Value::Vector(v)) => assert!(close(v, &a.best_rank1.column)),
        ("row-factor", Value::Vector(v)) => assert!(close(v, &a.best_rank1.row)),
        ("rank1-error", Value::Real(e)) => assert!((e - a.rank1_error.max_abs).abs() < 1e-12),
        ("full-taps", Value::Count(n)) => assert_eq!(*n, kh * kw),
        ("separable-taps", Value::Count(n)) => assert_eq!(*n, kh + kw),
        ("rank-taps", Value::Count(n)) => assert_eq!(*n, a.rank as u64 * (kh + kw)),
        ("break-even-rank", Value::Count(n)) => {
            assert!(*n * (kh + kw) >= kh * kw && (*n - 1) * (kh + kw) < kh * kw)
        }
        _ => panic!("unexpected kernel figure {metric} = {value:?}"),
    }
}

/// A preset figure recomputed through the explorer's presets.
fn preset_figure(metric: &str, id: &str) -> Value {
    let p = presets::by_id(id).expect("preset");
    let built = p.totals(Variant::AsBuilt).expect("costs");
    let standard = p.totals(Variant::AllStandard).expect("costs");
    match metric {
        "built-macs" => Value::Count(built.macs),
        "standard-macs" => Value::Count(standard.macs),
        "mac-ratio" => Value::Times(Ratio::new(standard.macs, built.macs)),
        "load-groups" => Value::Count(p.load.params.groups as u64),
        "first-layer-share" => {
            let first = p.built[0].cost().expect("costs").macs;
            Value::Percent(Ratio::new(first, built.macs))
        }
        other => panic!("unexpected preset figure {other}"),
    }
}

/// Reach of two stacked grouped layers, by brute force over channel paths.
fn stack_figure(metric: &str, channels: usize, groups: usize, shuffled: bool) -> Value {
    let per = channels / groups;
    let order: Vec<usize> = (0..channels)
        .map(|j| {
            if shuffled {
                (j % groups) * per + j / groups
            } else {
                j
            }
        })
        .collect();
    let reach: Vec<usize> = (0..channels)
        .map(|out| {
            let mut seen = vec![false; groups];
            // Second layer: output `out` reads positions of its group; each position is a
            // first-layer output `order[pos]`, which reads the input group of its own group.
            for pos in (out / per) * per..(out / per + 1) * per {
                seen[order[pos] / per] = true;
            }
            seen.iter().filter(|&&s| s).count()
        })
        .collect();
    match metric {
        "reach-fewest" => Value::Count(*reach.iter().min().expect("outputs") as u64),
        "reach-most" => Value::Count(*reach.iter().max().expect("outputs") as u64),
        "groups" => Value::Count(groups as u64),
        other => panic!("unexpected stack figure {other}"),
    }
}

/// The facts, each with its arithmetic.
fn fact(metric: &str) -> Value {
    let c = Value::Count;
    match metric {
        // Printed in the seed text.
        "quoted-standard" => c(quoted::STANDARD),
        "quoted-depthwise" => c(quoted::DEPTHWISE),
        "quoted-pointwise" => c(quoted::POINTWISE),
        "quoted-total" => c(quoted::TOTAL),
        "quoted-ratio" => Value::Hundredths(quoted::RATIO_HUNDREDTHS),
        // 36,864 + 984,064.
        "quoted-terms-sum" => c(1_020_928),
        // AlexNet conv2: 256 filters in 2 groups, 128 per GPU.
        "device-filters" => c(128),
        // 128·48·5·5 weights + 128 biases.
        "device-params" => c(128 * 48 * 25 + 128),
        // 128·27·27·48·25.
        "device-macs" => c(128 * 27 * 27 * 48 * 25),
        "traffic-within" => c(0),
        // 128 pooled 13×13 maps of the other GPU.
        "device-receives" => c(128 * 13 * 13),
        "traffic-before-next" => c(2 * 128 * 13 * 13),
        "batch" => c(128),
        "devices" => c(2),
        // Whole layer: 256·48·25 + 256.
        "data-device-params" => c(256 * 48 * 25 + 256),
        // 64 images × 256·27·27·48·25.
        "data-device-macs" => c(64 * 256 * 27 * 27 * 48 * 25),
        "model-device-params" => c(128 * 48 * 25 + 128),
        // 128 images × 128·27·27·48·25: the same work.
        "model-device-macs" => c(128 * 128 * 27 * 27 * 48 * 25),
        // 2·(d−1)·P with d = 2.
        "gradient-traffic" => c(2 * (256 * 48 * 25 + 256)),
        other => panic!("no fact listed for “{other}”"),
    }
}

fn check_figure(f: &Figure) {
    match &f.about {
        About::Layer(config) => {
            assert_eq!(
                f.value,
                independent(f.metric, config),
                "{} of {config:?}",
                f.metric
            );
        }
        About::Kernel(k) => kernel_figure_matches(f.metric, *k, &f.value),
        About::Preset(id) => assert_eq!(f.value, preset_figure(f.metric, id), "{}", f.metric),
        About::Stack {
            channels,
            groups,
            shuffled,
        } => assert_eq!(
            f.value,
            stack_figure(f.metric, *channels, *groups, *shuffled),
            "{}",
            f.metric
        ),
        About::Fact => assert_eq!(f.value, fact(f.metric), "{}", f.metric),
    }
}

#[test]
fn the_independent_formulas_agree_with_the_engine() {
    for lesson in lessons() {
        for chapter in &lesson.chapters {
            for f in chapter.figures() {
                if let About::Layer(config) = &f.about {
                    let cost = method_cost(config.method, config.params, config.multiplier)
                        .expect("costs");
                    assert_eq!(independent("macs", config), Value::Count(cost.macs()));
                    assert_eq!(independent("params", config), Value::Count(cost.params()));
                    assert_eq!(
                        independent("standard-macs", config),
                        Value::Count(cost.standard.macs)
                    );
                    assert_eq!(
                        independent("standard-params", config),
                        Value::Count(cost.standard.params)
                    );
                }
            }
        }
    }
}

#[test]
fn there_are_four_lessons_with_their_ids() {
    let ids: Vec<&str> = lessons().iter().map(|l| l.id).collect();
    assert_eq!(
        ids,
        [
            "standard",
            "spatial-separable",
            "depthwise-separable",
            "grouped"
        ]
    );
    for l in lessons() {
        assert_eq!(l.method.key(), l.id);
        assert!(l.chapters.len() >= 3, "{} is too short", l.id);
    }
}

/// The layer the stage shows for a chapter at its step size: the kernel editor's kernel runs
/// as its passes (a rank-k kernel is k column passes per channel).
fn stage_timeline(chapter: &convlab::lessons::Chapter) -> Timeline {
    let config = chapter.stage.config().expect("a valid layer");
    let config = match &chapter.stage.kernel {
        Some(k) => convlab::lessons::EditorAnalysis::of(k)
            .stage_kernel()
            .layer(config),
        None => config,
    };
    Timeline::new(&config, chapter.stage.granularity).expect("timeline")
}

#[test]
fn every_chapter_shows_what_to_watch_within_ten_seconds_of_play() {
    // The stage opens at its default speed; a chapter may not set another.
    let budget = (DEFAULT_SPEED * WATCH_SECS) as u64;
    let mut stage_sights = 0;
    for lesson in lessons() {
        for (n, chapter) in lesson.chapters.iter().enumerate() {
            let at = format!("{} chapter {}", lesson.id, n + 1);
            let sight = chapter.stage.sight;
            if sight == Sight::Panel {
                // Only a chapter with a panel beside the stage may point at it.
                assert_ne!(chapter.stage.panel, Panel::Stage, "{at}");
                continue;
            }
            stage_sights += 1;
            let timeline = stage_timeline(chapter);
            let opening = chapter.stage.step.unwrap_or(0);
            assert!(opening < timeline.len(), "{at}: opens at the end");
            let steps = sight
                .steps_to_see(&timeline, opening)
                .unwrap_or_else(|| panic!("{at}: {sight:?} never happens from step {opening}"));
            assert!(
                steps >= 1 && steps <= budget,
                "{at}: {sight:?} takes {steps} steps from step {opening}, more than {budget}"
            );
        }
    }
    // Most chapters point at the stage itself.
    assert!(stage_sights >= 10, "{stage_sights}");
}

#[test]
fn the_chapters_that_were_too_big_to_watch_open_small_layers() {
    // Issue 10: depthwise chapters opened the 64×64×3 → 256 layer (1,060,864 steps) and the
    // first-layer chapter a 224×224 image. A chapter about the stage shows a small image, and
    // one of more than a few thousand steps opens next to what it shows.
    for lesson in lessons() {
        for (n, chapter) in lesson.chapters.iter().enumerate() {
            let at = format!("{} chapter {}", lesson.id, n + 1);
            let timeline = stage_timeline(chapter);
            let input = chapter.stage.config().expect("valid").params.input;
            if chapter.stage.panel == Panel::Stage && timeline.len() > 5_000 {
                assert!(
                    chapter.stage.step.is_some(),
                    "{at}: a large layer opens at its step"
                );
            }
            if chapter.stage.panel == Panel::Stage {
                assert!(input.h <= 17 && input.w <= 17, "{at}: {input:?}");
            }
        }
    }
    let all = lessons();
    let depthwise = all.iter().find(|l| l.id == "depthwise-separable").unwrap();
    for chapter in all.iter().flat_map(|l| l.chapters.iter()) {
        // The cost formulas' chapters run the example's channels and kernels on an 8×8 image;
        // the 64×64 layer stays in their text.
        if chapter.title == "The cost formula" {
            let params = chapter.stage.config().unwrap().params;
            assert_eq!(
                (params.input, params.in_channels, params.out_channels),
                (Pair::square(8), 3, 256)
            );
        }
    }
    let stem = depthwise.chapters.last().unwrap();
    assert_eq!(stem.stage.config().unwrap().params.input, Pair::square(9));
}

#[test]
fn every_chapter_configuration_validates_costs_and_round_trips() {
    for lesson in lessons() {
        for (n, chapter) in lesson.chapters.iter().enumerate() {
            let at = format!("{} chapter {}", lesson.id, n + 1);
            let config = chapter
                .stage
                .config()
                .unwrap_or_else(|e| panic!("{at}: {e}"));
            config.cost().unwrap_or_else(|e| panic!("{at}: {e}"));
            // The page loads the chapter from its URL: the form survives the trip.
            let query = chapter.stage.query();
            assert_eq!(Form::from_query(&query), chapter.stage.form, "{at}");
            let timeline = Timeline::new(&config, chapter.stage.granularity).expect("timeline");
            if chapter.stage.granularity != Granularity::Element {
                assert!(query.contains("&gran=mac"), "{at}: {query}");
            }
            if let Some(step) = chapter.stage.step {
                assert!(step <= timeline.len(), "{at}: step {step} past the end");
            }
            if let Some(preset) = chapter.stage.preset {
                assert_eq!(config.method, Method::SpatialSeparable, "{at}");
                if let Some(k) = preset.kernel_size() {
                    assert_eq!(config.params.kernel, Pair::square(k), "{at}");
                }
            }
            match chapter.stage.panel {
                Panel::KernelEditor => {
                    let kernel = chapter
                        .stage
                        .kernel
                        .as_ref()
                        .expect("an editor chapter has a kernel");
                    assert!(query.contains(&format!(
                        "kernel={}",
                        convlab::lessons::format_kernel(kernel)
                    )));
                }
                Panel::Shuffle {
                    channels, groups, ..
                } => {
                    assert_eq!(config.params.in_channels, channels, "{at}");
                    assert_eq!(config.params.groups, groups, "{at}");
                }
                Panel::Devices { devices, .. } => {
                    assert_eq!(config.method, Method::Grouped, "{at}");
                    assert!(config.params.groups.is_multiple_of(devices), "{at}");
                }
                Panel::Stage | Panel::Connections => {
                    assert!(chapter.stage.kernel.is_none(), "{at}")
                }
            }
            assert!(!chapter.body.is_empty(), "{at}");
        }
    }
}

#[test]
fn every_figure_equals_its_recomputation() {
    let mut figures = 0;
    for lesson in lessons() {
        for chapter in &lesson.chapters {
            for f in chapter.figures() {
                check_figure(f);
                figures += 1;
            }
        }
    }
    assert!(
        figures > 100,
        "only {figures} figures: is the scan looking?"
    );
}

#[test]
fn spot_checks_with_the_arithmetic_written_out() {
    let all = lessons();
    let find = |lesson: &str, metric: &str| -> Vec<Value> {
        all.iter()
            .filter(|l| l.id == lesson)
            .flat_map(|l| l.chapters.iter())
            .flat_map(|c| c.figures().into_iter().cloned().collect::<Vec<_>>())
            .filter(|f| f.metric == metric)
            .map(|f| f.value)
            .collect()
    };
    // 64·64·256·3·3·3.
    assert!(find("standard", "macs").contains(&Value::Count(28_311_552)));
    // 3·5·5·9 = 675 depthwise; 128·5·5·3 = 9,600 pointwise; 128·5·5·27 = 86,400 standard.
    assert!(find("depthwise-separable", "stage1-macs").contains(&Value::Count(675)));
    assert!(find("depthwise-separable", "stage2-macs").contains(&Value::Count(9_600)));
    assert!(find("depthwise-separable", "standard-macs").contains(&Value::Count(86_400)));
    // 62·62·3·256 = 2,952,192; 64·64·3·9 = 110,592; 2304/265 = 1/(1/256 + 1/9).
    assert!(find("depthwise-separable", "stage2-macs").contains(&Value::Count(2_952_192)));
    assert!(find("depthwise-separable", "stage1-macs").contains(&Value::Count(110_592)));
    assert!(find("depthwise-separable", "mac-ratio").contains(&Value::Times(Ratio::new(2304, 265))));
    // 1/N + 1/K² with N = 256, K = 3: (9 + 256)/2304.
    assert!(find("depthwise-separable", "mac-ratio-inverse")
        .contains(&Value::Fraction(Ratio::new(265, 2304))));
    // 7×7 input, 3×3 kernel, padding 1: 7·7·3 per pass, 7·7·9 full.
    assert!(find("spatial-separable", "macs").contains(&Value::Count(294)));
    assert!(find("spatial-separable", "standard-macs").contains(&Value::Count(441)));
    // Valid: 5·7·3 + 5·5·3 = 180 against 5·5·9 = 225.
    assert!(find("spatial-separable", "macs").contains(&Value::Count(180)));
    assert!(find("spatial-separable", "separable-taps").contains(&Value::Count(6)));
    assert!(find("spatial-separable", "full-taps").contains(&Value::Count(9)));
    // 8·8·8·(8/4)·9 = 9,216 against 36,864.
    assert!(find("grouped", "macs").contains(&Value::Count(9_216)));
    assert!(find("grouped", "mac-ratio").contains(&Value::Times(Ratio::new(4, 1))));
}

/// The characters of `text` that are digits of any script (ASCII, superscripts, …).
fn digits(text: &str) -> Vec<char> {
    text.chars().filter(|c| c.is_numeric()).collect()
}

/// Where a paragraph puts a digit outside a figure, a listed name or a listed formula.
fn stray_digits(p: &Paragraph) -> Vec<String> {
    let mut found = Vec::new();
    for piece in &p.0 {
        match piece {
            Piece::Text(t) if !digits(t).is_empty() => found.push(format!("text “{t}”")),
            Piece::Name(n) if !NAMES.contains(n) => found.push(format!("unlisted name “{n}”")),
            Piece::Formula(f) if !FORMULAS.contains(f) => {
                found.push(format!("unlisted formula “{f}”"))
            }
            _ => {}
        }
    }
    found
}

#[test]
fn no_digit_in_the_prose_outside_figures() {
    let mut found = Vec::new();
    for lesson in lessons() {
        assert!(digits(lesson.title).is_empty(), "{}", lesson.title);
        for chapter in &lesson.chapters {
            assert!(digits(chapter.title).is_empty(), "{}", chapter.title);
            if let Some(aside) = &chapter.aside {
                assert!(digits(aside.title).is_empty(), "{}", aside.title);
            }
            for p in chapter.paragraphs() {
                for stray in stray_digits(p) {
                    found.push(format!("{} / {}: {stray}", lesson.id, chapter.title));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    // Listed names and formulas are the only place digits may hide; each one has some.
    for s in NAMES.iter().chain(FORMULAS.iter()) {
        assert!(!digits(s).is_empty(), "“{s}” needs no listing");
    }
}

#[test]
fn the_digit_scan_catches_typed_numbers() {
    let typed = Paragraph(vec![Piece::Text("costs 9 MACs")]);
    assert_eq!(stray_digits(&typed).len(), 1);
    let squared = Paragraph(vec![Piece::Text("K² taps")]);
    assert_eq!(stray_digits(&squared).len(), 1);
    let named = Paragraph(vec![Piece::Name("ResNet-152")]);
    assert_eq!(stray_digits(&named).len(), 1);
    let fine = Paragraph(vec![Piece::Name("Inception v3"), Piece::Text(" is fine")]);
    assert!(stray_digits(&fine).is_empty());
}

fn plain_text(lesson: &Lesson) -> String {
    lesson
        .chapters
        .iter()
        .flat_map(|c| c.paragraphs())
        .map(Paragraph::plain)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_lessons_carry_the_issue_s_content() {
    let all = lessons();
    let text = |id: &str| plain_text(all.iter().find(|l| l.id == id).expect("lesson"));
    let spatial = text("spatial-separable");
    for needle in [
        "Sobel",
        "Gaussian",
        "box",
        "Sharpen",
        "Laplacian",
        "k·(KH+KW) ≥ KH·KW",
        "Inception v3",
        "1×7",
        "7×1",
        "early layers",
    ] {
        assert!(spatial.contains(needle), "spatial lesson lacks “{needle}”");
    }
    let depthwise = text("depthwise-separable");
    for needle in [
        "7×7×3",
        "3×3×1",
        "5×5×3",
        "1×1×3",
        "5×5×1",
        "5×5×128",
        "1/N + 1/K²",
        "9,437,184",
        "1,020,910",
        "9.24",
        "1,020,928",
        "depth multiplier",
        "MobileNet v1",
        "first layer",
    ] {
        assert!(
            depthwise.contains(needle),
            "depthwise lesson lacks “{needle}”"
        );
    }
    let grouped = text("grouped");
    for needle in [
        "AlexNet",
        "ResNeXt",
        "ShuffleNet",
        "MobileNet",
        "Xception",
        "VGG",
        "GoogLeNet",
        "Inception",
        "parallel branches",
        "RexNet",
        "ensemble",
        "ENAS",
        "shuffle",
        "Data parallelism",
        "model parallelism",
        "Memory",
        "Width",
    ] {
        assert!(grouped.contains(needle), "grouped lesson lacks “{needle}”");
    }
}

/// The loose names of the copied explanation are read the same way in the lesson and in the
/// README: RexNet → ResNet, RexNeXt → ResNeXt, and ReXNet is a real, different network.
#[test]
fn the_readme_and_the_lesson_read_the_loose_names_alike() {
    let all = lessons();
    let grouped = plain_text(all.iter().find(|l| l.id == "grouped").expect("lesson"));
    assert!(grouped.contains("“RexNet” and “RexNeXt” most likely mean ResNet and ResNeXt"));
    assert!(grouped.contains("A network named ReXNet does exist"));
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        readme.contains(
            "(\"RexNet\" for ResNet and \"RexNeXt\" for ResNeXt; a network named ReXNet does exist"
        ),
        "README reads the loose names as the lesson does"
    );
    assert!(!readme.contains("\"RexNet\" is ResNeXt"));
}

#[test]
fn lesson_keys_round_trip() {
    let all = lessons();
    for lesson in &all {
        let mut r = LessonRef::start(lesson);
        let mut seen = 0;
        loop {
            let back = LessonRef::from_query(&r.to_query(), &all).expect("valid");
            assert_eq!(back, Some(r));
            assert!(lesson.chapter(&r).is_some());
            assert_eq!(r.progress(), (seen + 1, lesson.chapters.len()));
            seen += 1;
            match r.next() {
                Some(next) => {
                    assert_eq!(next.back(), Some(r));
                    r = next;
                }
                None => break,
            }
        }
        assert_eq!(seen, lesson.chapters.len());
        assert_eq!(LessonRef::start(lesson).back(), None);
    }
    // The lesson keys sit beside the layer's; a missing chapter is the first.
    let r = LessonRef::from_query("?mode=grouped&lesson=grouped&k=3", &all)
        .expect("valid")
        .expect("a lesson");
    assert_eq!((r.lesson, r.chapter), ("grouped", 0));
    assert_eq!(LessonRef::from_query("mode=standard&h=7", &all), Ok(None));
}

#[test]
fn bad_lesson_keys_are_answered_with_a_sentence() {
    let all = lessons();
    let problem = |q: &str| LessonRef::from_query(q, &all).expect_err(q).to_string();
    assert_eq!(
        problem("lesson=diagonal"),
        "lesson=“diagonal” names no lesson; the lessons are standard, spatial-separable, depthwise-separable, grouped"
    );
    let chapters = all[1].chapters.len();
    assert_eq!(
        problem("lesson=spatial-separable&chapter=0"),
        format!("chapter=0 is out of range: the Spatial separable convolution lesson has chapters 1 to {chapters}")
    );
    assert_eq!(
        problem(&format!("lesson=spatial-separable&chapter={}", chapters + 1)),
        format!(
            "chapter={} is out of range: the Spatial separable convolution lesson has chapters 1 to {chapters}",
            chapters + 1
        )
    );
    assert_eq!(
        problem("lesson=grouped&chapter=two"),
        "chapter=“two” is not a whole number"
    );
    assert_eq!(
        problem("lesson=grouped&chapter=-1"),
        "chapter=“-1” is not a whole number"
    );
    assert_eq!(
        problem("lesson=grouped&chapter="),
        "chapter=“” is not a whole number"
    );
    assert!(problem("lesson=grouped&chapter=99999999999999999999999").contains("out of range"));
    // A long value is quoted in part: 39 characters and an ellipsis.
    let long = "q".repeat(100_000);
    let quoted = format!("“{}…”", "q".repeat(39));
    assert!(
        problem(&format!("lesson={long}")).starts_with(&format!("lesson={quoted} names no lesson"))
    );
    assert_eq!(
        problem(&format!("lesson=grouped&chapter={long}")),
        format!("chapter={quoted} is not a whole number")
    );
    assert_eq!(
        problem("chapter=2"),
        "chapter= needs a lesson= to say which lesson"
    );
    assert!(matches!(
        LessonRef::from_query("lesson=", &all),
        Err(LessonProblem::UnknownLesson { .. })
    ));
}
