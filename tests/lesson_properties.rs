//! Property tests of the lessons' pure parts: the `kernel=` value round-trips any kernel, and
//! any text is answered without a panic. Native only (proptest has no wasm32 backend here).
#![cfg(not(target_arch = "wasm32"))]

use convlab::engine::KernelMatrix;
use convlab::lessons::{format_kernel, parse_kernel, LessonRef};
use proptest::prelude::*;

fn kernel() -> impl Strategy<Value = KernelMatrix> {
    (1usize..=5, 1usize..=5).prop_flat_map(|(kh, kw)| {
        prop::collection::vec(
            prop_oneof![
                (-50i32..=50).prop_map(f64::from),
                ((-50i32..=50), (1i32..=300)).prop_map(|(n, d)| f64::from(n) / f64::from(d)),
                (-1e6f64..1e6),
            ],
            kh * kw,
        )
        .prop_map(move |data| KernelMatrix::new(kh, kw, data).expect("finite"))
    })
}

proptest! {
    #[test]
    fn kernels_round_trip_through_their_text(k in kernel()) {
        let text = format_kernel(&k);
        prop_assert_eq!(parse_kernel(&text, k.rows(), k.cols()), Ok(k));
    }

    #[test]
    fn any_text_is_answered_without_a_panic(text in ".{0,40}", kh in 0usize..17, kw in 0usize..17) {
        let _ = parse_kernel(&text, kh, kw);
    }

    #[test]
    fn any_lesson_query_is_answered_without_a_panic(q in "[a-z=&0-9%-]{0,40}") {
        let lessons = convlab::lessons::all_lessons().expect("lessons build");
        let _ = LessonRef::from_query(&q, &lessons);
    }
}
