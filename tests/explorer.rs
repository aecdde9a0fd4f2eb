//! Native tests of the cost explorer: every chart renders to SVG for the public fixtures'
//! layers and for edge cases, with its legend and the current layer's mark; preset totals are
//! exact (the arithmetic written out); the framework code for a table of layers; and the
//! layering rule that `explorer` names no web crate or plotters.

use std::path::{Path, PathBuf};

use convlab::config::{Form, LayerConfig};
use convlab::engine::{ConvParams, Method, Pair, Ratio};
use convlab::explorer::code::{self, Framework};
use convlab::explorer::presets::{self, Metric, Variant};
use convlab::explorer::series::{
    self, closed_form_exact, config_for, macs_vs_kernel, macs_vs_out_channels, params_vs_groups,
    saving_ratio, CountChart,
};
use convlab::render::charts::{
    draw_count_chart, draw_saving_ratio, ring_svg_prefix, to_svg, Theme, CHART_SIZE,
};
use serde_json::Value;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pair(v: &Value) -> Pair {
    Pair::new(
        v[0].as_u64().expect("pair") as usize,
        v[1].as_u64().expect("pair") as usize,
    )
}

fn shape(v: &Value) -> Vec<usize> {
    v["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|d| d.as_u64().expect("dim") as usize)
        .collect()
}

/// The layer a fixture describes, as the page would hold it.
fn fixture_config(case: &Value) -> LayerConfig {
    let input = shape(&case["input"]);
    let (c, h, w) = (input[0], input[1], input[2]);
    let base = ConvParams {
        in_channels: c,
        input: Pair::new(h, w),
        stride: pair(&case["stride"]),
        padding: pair(&case["padding"]),
        dilation: pair(&case["dilation"]),
        groups: case["groups"].as_u64().expect("groups") as usize,
        ..ConvParams::default()
    };
    let (method, params) = match case["op"].as_str().expect("op") {
        "conv2d" => {
            let weight = shape(&case["weight"]);
            let method = if base.groups == 1 {
                Method::Standard
            } else {
                Method::Grouped
            };
            let params = ConvParams {
                out_channels: weight[0],
                kernel: Pair::new(weight[2], weight[3]),
                bias: !case["bias"].is_null(),
                ..base
            };
            (method, params)
        }
        "separable2d" => {
            let column = shape(&case["column"]);
            let row = shape(&case["row"]);
            let params = ConvParams {
                out_channels: c,
                kernel: Pair::new(column[2], row[3]),
                bias: !case["bias"].is_null(),
                ..base
            };
            (Method::SpatialSeparable, params)
        }
        "depthwise_separable" => {
            let dw = shape(&case["depthwise_weight"]);
            let pw = shape(&case["pointwise_weight"]);
            let params = ConvParams {
                out_channels: pw[0],
                kernel: Pair::new(dw[2], dw[3]),
                bias: !case["depthwise_bias"].is_null() || !case["pointwise_bias"].is_null(),
                ..base
            };
            (Method::DepthwiseSeparable, params)
        }
        other => panic!("unknown op {other}"),
    };
    config_for(method, params, 1).expect("fixture layers are valid")
}

fn fixtures() -> Vec<(String, LayerConfig)> {
    let dir = manifest().join("tests/fixtures/conv");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let case: Value = serde_json::from_str(&text).expect("json");
        out.push((
            path.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("?")
                .to_string(),
            fixture_config(&case),
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 30, "found {} fixtures", out.len());
    out
}

/// What plotters' SVG backend writes for text it escapes.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Writes `svg` to `$CONVLAB_SVG_DIR/<name>.svg` when that variable is set, to look at.
fn keep(name: &str, svg: &str) {
    if let Ok(dir) = std::env::var("CONVLAB_SVG_DIR") {
        let file: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        std::fs::write(Path::new(&dir).join(format!("{file}.svg")), svg).expect("write svg");
    }
}

/// Draws a count chart to SVG and checks the legend entries and the mark.
fn check_count_chart(name: &str, chart: &CountChart, theme: &Theme) {
    let (svg, geometry) = to_svg(CHART_SIZE, |b| draw_count_chart(b, chart, theme))
        .unwrap_or_else(|e| panic!("{name} {}: {e}", chart.kind.id()));
    let dark = if theme == &Theme::DARK { "-dark" } else { "" };
    keep(&format!("{name}-{}{dark}", chart.kind.id()), &svg);
    assert!(svg.starts_with("<svg"), "{name}");
    assert!(svg.trim_end().ends_with("</svg>"), "{name}");
    assert!(svg.contains(&xml(chart.x_label)), "{name}: x label");
    assert!(svg.contains(&xml(chart.y_label)), "{name}: y label");
    let drawn: usize = chart.series.iter().map(|s| s.points.len()).sum();
    assert!(drawn > 0, "{name} {}: nothing to draw", chart.kind.id());
    assert_eq!(geometry.points.len(), drawn, "{name}");
    for s in chart.series.iter().filter(|s| !s.points.is_empty()) {
        assert!(
            svg.contains(&xml(&s.label)),
            "{name} {}: legend entry {}",
            chart.kind.id(),
            s.label
        );
        let colour = convlab::render::charts::hex(theme.method(s.method));
        assert!(
            svg.contains(&colour.to_uppercase()),
            "{name}: colour {colour}"
        );
    }
    match (chart.current_point(), geometry.marked) {
        (Some(p), Some(at)) => {
            assert!(svg.contains(&ring_svg_prefix(at)), "{name}: ring");
            assert!(svg.contains("Current layer"), "{name}: legend of the mark");
            let r = geometry.nearest(at, 1).expect("a point under the ring");
            assert_eq!(chart.point(r).map(|q| (q.x, q.y)), Some((p.x, p.y)));
        }
        (None, None) => assert!(!svg.contains("Current layer")),
        other => panic!("{name}: mark and data disagree: {other:?}"),
    }
}

fn check_saving_chart(name: &str, config: &LayerConfig, theme: &Theme) {
    let chart = saving_ratio(config);
    let (svg, geometry) = to_svg(CHART_SIZE, |b| draw_saving_ratio(b, &chart, theme))
        .unwrap_or_else(|e| panic!("{name} saving: {e}"));
    let dark = if theme == &Theme::DARK { "-dark" } else { "" };
    keep(&format!("{name}-saving-ratio{dark}"), &svg);
    assert!(svg.contains("Measured: standard ÷ depthwise separable MACs"));
    assert!(svg.contains(&xml(&chart.formula)), "{name}");
    assert_eq!(geometry.points.len(), chart.points.len());
    let at = geometry.marked.expect("the current layer is marked");
    assert!(svg.contains(&ring_svg_prefix(at)), "{name}: ring");
    assert!(svg.contains("Current layer: N = "), "{name}");
    // Every measured ratio is exactly the closed form.
    for p in &chart.points {
        assert_eq!(
            p.ratio,
            closed_form_exact(p.n, chart.kernel_taps, chart.multiplier),
            "{name} N = {}",
            p.n
        );
    }
}

fn check_all_charts(name: &str, config: &LayerConfig) {
    for theme in [Theme::LIGHT, Theme::DARK] {
        let groups = config.params.groups;
        check_count_chart(name, &macs_vs_out_channels(config, groups), &theme);
        check_count_chart(name, &macs_vs_kernel(config, groups), &theme);
        check_count_chart(name, &params_vs_groups(config), &theme);
        check_saving_chart(name, config, &theme);
    }
}

#[test]
fn every_chart_renders_for_every_fixture() {
    for (name, config) in fixtures() {
        check_all_charts(&name, &config);
    }
}

fn edge_layer(c: usize, o: usize, size: usize, k: usize, padding: usize) -> ConvParams {
    ConvParams {
        in_channels: c,
        out_channels: o,
        input: Pair::square(size),
        kernel: Pair::square(k),
        padding: Pair::square(padding),
        ..ConvParams::default()
    }
}

#[test]
fn every_chart_renders_for_edge_cases() {
    let layers = [
        ("one channel", edge_layer(1, 1, 5, 3, 0)),
        ("kernel 1", edge_layer(3, 8, 7, 1, 0)),
        ("4096 channels", edge_layer(4096, 4096, 7, 3, 1)),
        (
            "4096 channels, 4096×4096, 15×15",
            edge_layer(4096, 4096, 4096, 15, 7),
        ),
        ("1×1 input", edge_layer(2, 2, 1, 1, 0)),
    ];
    for (name, params) in layers {
        for method in Method::ALL {
            // Grouped: the largest group count dividing both channel counts.
            let mut groups = 1;
            if method == Method::Grouped {
                let (mut a, mut b) = (params.in_channels, params.out_channels);
                while b != 0 {
                    (a, b) = (b, a % b);
                }
                groups = a;
            }
            let config = config_for(method, ConvParams { groups, ..params }, 1)
                .unwrap_or_else(|e| panic!("{name} {method:?}: {e}"));
            check_all_charts(&format!("{name} {method:?}"), &config);
        }
    }
}

#[test]
fn the_mark_is_the_current_layer_and_every_point_loads_a_valid_layer() {
    // The seed: 64×64×3 → 256, 3×3, padding 1.
    let seed = edge_layer(3, 256, 64, 3, 1);
    for method in Method::ALL {
        let config = config_for(method, ConvParams { groups: 1, ..seed }, 1).expect("valid");
        let cost = config.cost().expect("cost");
        let charts = [
            (macs_vs_out_channels(&config, 1), cost.macs()),
            (macs_vs_kernel(&config, 1), cost.macs()),
        ];
        for (chart, want) in charts {
            let p = chart.current_point().expect("marked");
            assert_eq!(p.y, want, "{method:?} {}", chart.kind.id());
            assert_eq!(p.config, config, "{method:?} {}", chart.kind.id());
            for s in &chart.series {
                for q in &s.points {
                    // A click loads q.config; the form shows and validates it unchanged.
                    let form =
                        Form::from_layer(q.config.method, q.config.params, q.config.multiplier);
                    assert_eq!(form.validate(), Ok(q.config));
                    assert_eq!(Form::from_query(&form.to_query()).validate(), Ok(q.config));
                }
            }
        }
    }
    // Depthwise separable at O = 256: 64·64·3·9 + 64·64·3·256 = 3,256,320.
    let dw = config_for(Method::DepthwiseSeparable, seed, 1).expect("valid");
    let chart = macs_vs_out_channels(&dw, 1);
    let r = chart.current.expect("marked");
    assert_eq!(chart.point(r).map(|p| p.y), Some(3_256_320));
    assert_eq!(
        chart.describe(r).as_deref(),
        Some("Depthwise separable · O = 256 · 3,256,320 MACs")
    );
}

#[test]
fn saving_ratio_is_the_closed_form_for_the_seed() {
    let dw = config_for(Method::DepthwiseSeparable, edge_layer(3, 256, 64, 3, 1), 1).unwrap();
    let chart = saving_ratio(&dw);
    let p = chart.current_point().expect("marked");
    // 28,311,552 / 3,256,320 = 256·9 / (256 + 9) = 2304/265.
    assert_eq!(p.standard_macs, 28_311_552);
    assert_eq!(p.separable_macs, 3_256_320);
    assert_eq!(
        p.ratio,
        Ratio {
            num: 2304,
            den: 265
        }
    );
    // With depth multiplier 2 the saving halves: 2304/530 = 1152/265.
    let m2 = config_for(Method::DepthwiseSeparable, edge_layer(3, 256, 64, 3, 1), 2).unwrap();
    let chart = saving_ratio(&m2);
    assert_eq!(
        chart.current_point().map(|p| p.ratio),
        Some(Ratio {
            num: 1152,
            den: 265
        })
    );
    assert!(chart.formula.contains("2·"));
}

#[test]
fn charts_explain_what_they_leave_out() {
    let strided = ConvParams {
        stride: Pair::square(2),
        ..edge_layer(4, 8, 9, 3, 1)
    };
    let config = config_for(Method::Standard, strided, 1).unwrap();
    let chart = macs_vs_out_channels(&config, 1);
    let spatial = &chart.series[1];
    assert!(spatial.points.is_empty());
    assert!(chart.notes.iter().any(|n| n.contains("stride 2×2")));

    let rect = ConvParams {
        kernel: Pair::new(3, 5),
        ..edge_layer(4, 8, 9, 3, 0)
    };
    let config = config_for(Method::Standard, rect, 1).unwrap();
    let chart = macs_vs_kernel(&config, 1);
    assert!(chart.current.is_none());
    assert!(chart.notes.iter().any(|n| n.contains("not square")));

    // Groups chart over the divisors of gcd(12, 8) = 4: G = 1, 2, 4; weights 8·(12/G)·9.
    let config = config_for(
        Method::Grouped,
        ConvParams {
            groups: 2,
            ..edge_layer(12, 8, 5, 3, 1)
        },
        1,
    )
    .unwrap();
    let chart = params_vs_groups(&config);
    let ys: Vec<(u64, u64)> = chart.series[0].points.iter().map(|p| (p.x, p.y)).collect();
    assert_eq!(ys, vec![(1, 864), (2, 432), (4, 216)]);
    assert_eq!(chart.current_point().map(|p| p.x), Some(2));
}

#[test]
fn mobilenet_v1_totals_are_exact() {
    let net = presets::mobilenet_v1();
    let built = net.totals(Variant::AsBuilt).expect("valid");
    // MACs, output size × taps:
    //   stem          112²·32·(3·9)                                     =  10,838,016
    //   depthwise     9·(112²·32 + 56²·64 + 56²·128 + 28²·128 + 28²·256
    //                    + 14²·256 + 5·14²·512 + 7²·512 + 7²·1024)       =  17,385,984
    //   pointwise     112²·32·64 + 56²·64·128 + 56²·128·128 + 28²·128·256
    //                 + 28²·256·256 + 14²·256·512 + 5·14²·512·512
    //                 + 7²·512·1024 + 7²·1024·1024                      = 539,492,352
    //   classifier    1024·1000                                          =   1,024,000
    //   total                                                            = 568,740,352
    let stem = 112 * 112 * 32 * 27;
    let depthwise = 9
        * (112 * 112 * 32
            + 56 * 56 * 64
            + 56 * 56 * 128
            + 28 * 28 * 128
            + 28 * 28 * 256
            + 14 * 14 * 256
            + 5 * 14 * 14 * 512
            + 7 * 7 * 512
            + 7 * 7 * 1024);
    let pointwise = 112 * 112 * 32 * 64
        + 56 * 56 * 64 * 128
        + 56 * 56 * 128 * 128
        + 28 * 28 * 128 * 256
        + 28 * 28 * 256 * 256
        + 14 * 14 * 256 * 512
        + 5 * 14 * 14 * 512 * 512
        + 7 * 7 * 512 * 1024
        + 7 * 7 * 1024 * 1024;
    assert_eq!(stem, 10_838_016u64);
    assert_eq!(depthwise, 17_385_984u64);
    assert_eq!(pointwise, 539_492_352u64);
    assert_eq!(built.macs, stem + depthwise + pointwise + 1024 * 1000);
    assert_eq!(built.macs, 568_740_352);
    // Parameters: stem 27·32 = 864; depthwise 9·(32+64+128+128+256+256+6·512+1024) = 44,640;
    // pointwise 3,139,584 (the same channel products as above); classifier 1024·1000 + 1000.
    let pointwise_weights = 32 * 64
        + 64 * 128
        + 128 * 128
        + 128 * 256
        + 256 * 256
        + 256 * 512
        + 5 * 512 * 512
        + 512 * 1024
        + 1024 * 1024;
    assert_eq!(pointwise_weights, 3_139_584u64);
    assert_eq!(
        built.params,
        864 + 44_640 + pointwise_weights + 1024 * 1000 + 1000
    );
    assert_eq!(built.params, 4_210_088);
    // 1 stem + 13 depthwise + 13 pointwise + 1 classifier.
    assert_eq!(built.weight_layers, 28);

    let standard = net.totals(Variant::AllStandard).expect("valid");
    // Each block becomes a 3×3 standard convolution: out² · C · O · 9.
    //   5 blocks at 231,211,008 (112²·32·64·9 = 56²·64·128·9 = …) and 8 at 462,422,016.
    let blocks = 5 * 231_211_008u64 + 8 * 462_422_016u64;
    assert_eq!(blocks, 112 * 112 * 32 * 64 * 9 + 4_624_220_160);
    assert_eq!(standard.macs, stem + blocks + 1_024_000);
    assert_eq!(standard.macs, 4_867_293_184);
    // Weights: 9 × the pointwise products.
    assert_eq!(standard.params, 864 + 9 * pointwise_weights + 1_025_000);
    assert_eq!(standard.params, 29_282_120);

    // Against the paper (Table 4): 569 M and 4.2 M as built, 29.3 M all standard agree when
    // rounded; 4,867 M is 0.03 % above the printed 4,866 M (see the preset's notes).
    let agrees = |v, m, ours| {
        net.paper_figure(v, m)
            .and_then(|f| f.agrees(ours))
            .expect("figure")
    };
    assert!(agrees(Variant::AsBuilt, Metric::Macs, built.macs));
    assert!(agrees(Variant::AsBuilt, Metric::Params, built.params));
    assert!(agrees(
        Variant::AllStandard,
        Metric::Params,
        standard.params
    ));
    assert!(!agrees(Variant::AllStandard, Metric::Macs, standard.macs));
    assert!(agrees(
        Variant::AllStandard,
        Metric::Macs,
        standard.macs - 1_024_000
    ));
}

#[test]
fn single_layer_presets_are_exact() {
    let totals = |id: &str| {
        let p = presets::by_id(id).expect("preset");
        (
            p.totals(Variant::AsBuilt).expect("valid"),
            p.totals(Variant::AllStandard).expect("valid"),
        )
    };
    // Xception: depthwise 147²·64·9 = 12,446,784; pointwise 147²·64·128 = 177,020,928.
    let (b, s) = totals("xception-entry");
    assert_eq!(b.macs, 147 * 147 * 64 * 9 + 147 * 147 * 64 * 128);
    assert_eq!(b.macs, 189_467_712);
    assert_eq!(b.params, 64 * 9 + 64 * 128);
    assert_eq!(s.macs, 147 * 147 * 128 * 64 * 9);
    assert_eq!(s.params, 128 * 64 * 9);

    // ResNeXt-50 conv2: 56²·128·(128/32)·9 = 14,450,688; 128·4·9 = 4,608 weights.
    let (b, s) = totals("resnext50-conv2");
    assert_eq!(b.macs, 56 * 56 * 128 * 4 * 9);
    assert_eq!(b.macs, 14_450_688);
    assert_eq!(b.params, 4_608);
    assert_eq!(s.macs, 32 * b.macs);
    assert_eq!(s.params, 128 * 128 * 9);
    // The paper's own figure: Eq. (4)'s 3×3 term C·9·d² = 32·9·16 = 4,608 weights, used at each
    // of the 56² output positions, equals the engine's counts exactly.
    let resnext = presets::by_id("resnext50-conv2").unwrap();
    let params = resnext
        .paper_figure(Variant::AsBuilt, Metric::Params)
        .expect("Eq. (4)'s 3×3 term");
    assert_eq!(params.agrees(b.params), Some(true));
    assert_eq!(params.agrees(4_607), Some(false));
    let macs = resnext
        .paper_figure(Variant::AsBuilt, Metric::Macs)
        .expect("Eq. (4)'s 3×3 term × 56²");
    assert_eq!(macs.agrees(b.macs), Some(true));
    assert_eq!(
        resnext.paper_text(Variant::AsBuilt),
        "C·3·3·d² × 56² = 14,450,688 mult-adds (Eq. (4)'s 3×3 term, C = 32, d = 4, at 56×56 output positions); \
         C·3·3·d² = 4,608 parameters (Eq. (4)'s 3×3 term, C = 32, d = 4)"
    );

    // ShuffleNet unit, c = 240, m = 60, g = 3 at 28×28:
    //   1×1 GConv 28²·60·80 = 3,763,200; 3×3 DWConv 28²·60·9 = 423,360;
    //   1×1 GConv 28²·240·20 = 3,763,200; total 28²·(2·240·60/3 + 9·60) = 7,949,760.
    let (b, s) = totals("shufflenet-v1-g3");
    assert_eq!(b.macs, 784 * 60 * 80 + 784 * 60 * 9 + 784 * 240 * 20);
    assert_eq!(b.macs, 784 * (2 * 240 * 60 / 3 + 9 * 60));
    assert_eq!(b.macs, 7_949_760);
    assert_eq!(b.params, 60 * 80 + 60 * 9 + 240 * 20);
    // ResNet bottleneck: 28²·(2·240·60 + 9·60²) = 47,980,800.
    assert_eq!(s.macs, 784 * (2 * 240 * 60 + 9 * 60 * 60));
    let shuffle = presets::by_id("shufflenet-v1-g3").unwrap();
    for v in [Variant::AsBuilt, Variant::AllStandard] {
        let f = shuffle.paper_figure(v, Metric::Macs).expect("formula");
        let ours = if v == Variant::AsBuilt {
            b.macs
        } else {
            s.macs
        };
        assert_eq!(f.agrees(ours), Some(true));
    }

    // AlexNet conv2: 27²·256·48·25 = 223,948,800 MACs; 256·48·25 + 256 biases = 307,456.
    let (b, s) = totals("alexnet-conv2");
    assert_eq!(b.macs, 27 * 27 * 256 * 48 * 25);
    assert_eq!(b.macs, 223_948_800);
    assert_eq!(b.params, 256 * 48 * 25 + 256);
    assert_eq!(s.macs, 2 * b.macs);
    assert_eq!(s.params, 256 * 96 * 25 + 256);

    // Inception v3: 1×7 + 7×1 on 17²·192 → 192 is 2·17²·192·192·7 = 149,151,744 MACs;
    // the 7×7 it replaces is 17²·192·192·49 = 522,031,104 (3.5×).
    let (b, s) = totals("inception-v3-7x7");
    assert_eq!(b.macs, 2 * 17 * 17 * 192 * 192 * 7);
    assert_eq!(b.macs, 149_151_744);
    assert_eq!(s.macs, 17 * 17 * 192 * 192 * 49);
    assert_eq!(b.params, 2 * 192 * 192 * 7);
    assert_eq!(s.params, 192 * 192 * 49);
    assert_eq!(Ratio::new(s.macs, b.macs), Ratio { num: 7, den: 2 });
}

#[test]
fn presets_are_the_issue_s_rows_and_load_valid_layers() {
    let all = presets::all();
    let ids: Vec<&str> = all.iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            "mobilenet-v1",
            "xception-entry",
            "resnext50-conv2",
            "shufflenet-v1-g3",
            "alexnet-conv2",
            "inception-v3-7x7",
        ]
    );
    for p in &all {
        let form = Form::from_layer(p.load.method, p.load.params, p.load.multiplier);
        assert_eq!(form.validate(), Ok(p.load), "{} loads a valid layer", p.id);
        assert_eq!(p.whole_network, p.id == "mobilenet-v1");
        assert!(!p.paper.is_empty(), "{}: paper figures or reasons", p.id);
        assert!(!p.reference.citation.is_empty());
        for v in [Variant::AsBuilt, Variant::AllStandard] {
            let t = p.totals(v).expect("valid");
            assert!(t.macs > 0 && t.params > 0);
        }
    }
}

#[test]
fn presets_table_exports() {
    let rows = presets::rows(&presets::all()).expect("valid");
    let md = presets::markdown(&rows);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 2 + rows.len());
    assert!(lines[0].starts_with("| Preset | Layer | MACs | Parameters |"));
    assert!(lines[1].starts_with("|---|"));
    assert!(lines[2].contains("| 568,740,352 | 4,210,088 | 4,867,293,184 | 29,282,120 |"));
    assert!(lines[2].contains("569 M mult-adds (Table 4)"));
    let columns = lines[0].matches(" | ").count();
    for l in &lines[2..] {
        assert_eq!(l.matches(" | ").count(), columns, "{l}");
    }

    // A paper that reports nothing for the layer says why, once.
    assert_eq!(rows[1].paper_built.matches("—").count(), 1);
    assert_eq!(rows[1].paper_standard, "—");

    let csv = presets::csv(&rows);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + rows.len());
    assert!(lines[0].starts_with("id,Preset,Layer,MACs,Parameters,"));
    assert!(lines[1].starts_with("mobilenet-v1,"));
    assert!(lines[1].contains(",568740352,4210088,4867293184,29282120,"));
    // Fields with commas are quoted.
    assert!(lines[1].contains("\"Howard et al. 2017, "));
}

fn layer(method: Method, params: ConvParams, multiplier: usize) -> LayerConfig {
    config_for(method, params, multiplier).expect("valid")
}

#[test]
fn framework_code_for_a_table_of_layers() {
    let seed = edge_layer(3, 256, 64, 3, 1);
    let table: Vec<(LayerConfig, &str, &str)> = vec![
        (
            layer(Method::Standard, seed, 1),
            "import torch.nn as nn\n\n\
             # input (N, C, H, W) = (N, 3, 64, 64) -> output (N, 256, 64, 64)\n\
             conv = nn.Conv2d(3, 256, kernel_size=3, stride=1, padding=1, dilation=1, bias=False)\n\
             # y = conv(x)\n",
            "from keras import layers\n\n\
             # input (N, H, W, C) = (N, 64, 64, 3) -> output (N, 64, 64, 256)\n\
             conv = layers.Conv2D(256, kernel_size=3, strides=1, padding=\"same\", dilation_rate=1, use_bias=False)\n\
             # y = conv(x)\n",
        ),
        (
            layer(
                Method::Grouped,
                ConvParams {
                    groups: 2,
                    stride: Pair::square(2),
                    bias: true,
                    ..edge_layer(4, 6, 7, 3, 1)
                },
                1,
            ),
            "import torch.nn as nn\n\n\
             # input (N, C, H, W) = (N, 4, 7, 7) -> output (N, 6, 4, 4)\n\
             conv = nn.Conv2d(4, 6, kernel_size=3, stride=2, padding=1, dilation=1, groups=2, bias=True)\n\
             # y = conv(x)\n",
            "from keras import layers\n\n\
             # input (N, H, W, C) = (N, 7, 7, 4) -> output (N, 4, 4, 6)\n\
             pad = layers.ZeroPadding2D(padding=(1, 1))\n\
             conv = layers.Conv2D(6, kernel_size=3, strides=2, padding=\"valid\", dilation_rate=1, groups=2, use_bias=True)\n\
             # y = conv(pad(x))\n",
        ),
        (
            layer(Method::DepthwiseSeparable, seed, 2),
            "import torch.nn as nn\n\n\
             # input (N, C, H, W) = (N, 3, 64, 64) -> output (N, 256, 64, 64)\n\
             depthwise = nn.Conv2d(3, 6, kernel_size=3, stride=1, padding=1, dilation=1, groups=3, bias=False)\n\
             pointwise = nn.Conv2d(6, 256, kernel_size=1, bias=False)\n\
             # y = pointwise(depthwise(x))\n",
            "from keras import layers\n\n\
             # input (N, H, W, C) = (N, 64, 64, 3) -> output (N, 64, 64, 256)\n\
             depthwise = layers.DepthwiseConv2D(kernel_size=3, strides=1, padding=\"same\", dilation_rate=1, depth_multiplier=2, use_bias=False)\n\
             pointwise = layers.Conv2D(256, kernel_size=1, use_bias=False)\n\
             # y = pointwise(depthwise(x))\n",
        ),
        (
            layer(
                Method::SpatialSeparable,
                ConvParams {
                    kernel: Pair::new(5, 3),
                    padding: Pair::new(1, 1),
                    bias: true,
                    ..edge_layer(2, 2, 8, 3, 0)
                },
                1,
            ),
            "import torch.nn as nn\n\n\
             # input (N, C, H, W) = (N, 2, 8, 8) -> output (N, 2, 6, 8)\n\
             column = nn.Conv2d(2, 2, kernel_size=(5, 1), padding=(1, 0), groups=2, bias=False)\n\
             row = nn.Conv2d(2, 2, kernel_size=(1, 3), padding=(0, 1), groups=2, bias=True)\n\
             # y = row(column(x))\n",
            "from keras import layers\n\n\
             # input (N, H, W, C) = (N, 8, 8, 2) -> output (N, 6, 8, 2)\n\
             pad_column = layers.ZeroPadding2D(padding=(1, 0))\n\
             column = layers.DepthwiseConv2D(kernel_size=(5, 1), padding=\"valid\", use_bias=False)\n\
             row = layers.DepthwiseConv2D(kernel_size=(1, 3), padding=\"same\", use_bias=True)\n\
             # y = row(column(pad_column(x)))\n",
        ),
    ];
    for (config, torch, keras) in &table {
        assert_eq!(code::pytorch(config).code, *torch, "{config:?}");
        assert_eq!(code::keras(config)[0].code, *keras, "{config:?}");
    }

    // Weight shapes as each framework stores them.
    let dw = code::snippets(&table[2].0);
    let shapes = |i: usize, f: Framework| -> Vec<String> {
        dw[i]
            .weights
            .iter()
            .map(|w| format!("{}: {}", w.name, w.shape_text(f)))
            .collect()
    };
    assert_eq!(
        shapes(0, Framework::PyTorch),
        [
            "depthwise.weight: [6, 1, 3, 3]",
            "pointwise.weight: [256, 6, 1, 1]"
        ]
    );
    assert_eq!(
        shapes(1, Framework::Keras),
        [
            "depthwise.depthwise_kernel: (3, 3, 3, 2)",
            "pointwise.kernel: (1, 1, 6, 256)"
        ]
    );
    assert_eq!(dw[2].title, "Keras: SeparableConv2D");
    assert!(dw[2].code.contains(
        "separable = layers.SeparableConv2D(256, kernel_size=3, strides=1, padding=\"same\", dilation_rate=1, depth_multiplier=2, use_bias=False)"
    ));
    let grouped = code::snippets(&table[1].0);
    assert_eq!(
        grouped[1].weights[0].shape_text(Framework::Keras),
        "(3, 3, 2, 6)"
    );
    assert_eq!(grouped[1].weights[1].shape_text(Framework::Keras), "(6,)");
    assert_eq!(
        grouped[0].weights[0].shape_text(Framework::PyTorch),
        "[6, 2, 3, 3]"
    );
}

#[test]
fn exact_snippets_store_the_engine_s_parameter_count() {
    let mut configs: Vec<LayerConfig> = fixtures().into_iter().map(|(_, c)| c).collect();
    for p in presets::all() {
        configs.push(p.load);
    }
    for config in configs {
        let params = config.cost().expect("valid").params();
        for s in code::snippets(&config) {
            if s.exact {
                assert_eq!(s.parameter_count(), params, "{}: {config:?}", s.title);
            } else {
                // Only SeparableConv2D with bias differs: one bias vector fewer.
                assert!(config.params.bias && s.title.contains("SeparableConv2D"));
                assert!(s.parameter_count() < params);
            }
        }
    }
}

#[test]
fn invalid_layers_show_each_framework_s_rule() {
    let rules = |form: &Form| -> Vec<String> {
        code::rules_for_form(form)
            .into_iter()
            .map(|r| format!("{}: {}", r.framework.label(), r.rule))
            .collect()
    };
    let mut form = Form::from_query("mode=grouped&h=8&w=8&cin=4&cout=6&k=3&groups=3");
    assert!(form.validate().is_err());
    assert_eq!(
        rules(&form),
        [
            "PyTorch: in_channels must be divisible by groups",
            "Keras: input channels and filters must both be divisible by groups",
        ]
    );
    form.set(convlab::config::Field::OutChannels, "7");
    assert_eq!(rules(&form).len(), 3);

    let form = Form::from_query("mode=standard&h=5&w=5&cin=1&cout=1&k=9&pad=0");
    assert_eq!(
        rules(&form)[0],
        "PyTorch: Kernel size can't be greater than actual input size"
    );
    // A field that does not read as a number: its own problem says what is wrong.
    let form = Form::from_query("mode=standard&h=x");
    assert!(rules(&form).is_empty());
    // Valid in PyTorch, refused by Keras on TensorFlow: stride and dilation together.
    let config = layer(
        Method::Standard,
        ConvParams {
            stride: Pair::square(2),
            dilation: Pair::square(2),
            ..edge_layer(1, 1, 9, 3, 0)
        },
        1,
    );
    assert!(code::keras(&config)[0].notes[0].contains("dilation_rate"));
    assert_eq!(
        code::framework_rules(config.method, &config.params).len(),
        1
    );
}

#[test]
fn the_mark_is_never_a_different_layer() {
    // A grouped layer with G = 2, charted with the grouped series at G = 4: the grouped series
    // does not hold the current layer, so nothing is marked rather than the wrong point.
    let config = config_for(
        Method::Grouped,
        ConvParams {
            groups: 2,
            ..edge_layer(8, 8, 6, 3, 1)
        },
        1,
    )
    .unwrap();
    assert!(macs_vs_out_channels(&config, 4).current.is_none());
    assert!(macs_vs_kernel(&config, 4).current.is_none());
    let chart = macs_vs_out_channels(&config, 2);
    assert_eq!(chart.current_point().map(|p| p.config), Some(config));
    // The form's Groups field picks the grouped series on other tabs.
    let mut form = Form::from_layer(Method::Standard, config.params, 1);
    form.set(convlab::config::Field::Groups, "4");
    let standard = form.validate().unwrap();
    assert_eq!(series::grouped_groups(&form, &standard), 4);
    form.set(convlab::config::Field::Groups, "3");
    assert_eq!(series::grouped_groups(&form, &standard), 1);
}
