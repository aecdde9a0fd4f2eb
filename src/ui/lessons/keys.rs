//! The lessons' chapter keys as a pure mapping from a key to a move: N and P open the next and
//! previous chapter anywhere on the page except in a field (where they are typed), and a
//! presentation clicker's PageDown and PageUp do the same while the stage has the focus
//! (elsewhere they scroll the page). The stage's own keys — Space, the arrows, Home and End —
//! are left to it, and so is anything pressed with Ctrl, Alt or Meta.

/// A move between chapters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterMove {
    /// The previous chapter.
    Back,
    /// The next chapter.
    Next,
}

/// Where a key was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlace {
    /// A text field, select or other editable element.
    Field,
    /// The stage or one of its controls.
    Stage,
    /// Anywhere else.
    Page,
}

/// The chapter move a key makes, if any (`modified`: Ctrl, Alt or Meta is held).
pub fn chapter_move(key: &str, modified: bool, place: KeyPlace) -> Option<ChapterMove> {
    if modified || place == KeyPlace::Field {
        return None;
    }
    match (key, place) {
        ("n" | "N", _) | ("PageDown", KeyPlace::Stage) => Some(ChapterMove::Next),
        ("p" | "P", _) | ("PageUp", KeyPlace::Stage) => Some(ChapterMove::Back),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::ChapterMove::{Back, Next};
    use super::KeyPlace::{Field, Page, Stage};
    use super::*;

    #[test]
    fn n_and_p_move_anywhere_but_in_a_field() {
        for place in [Page, Stage] {
            assert_eq!(chapter_move("n", false, place), Some(Next));
            assert_eq!(chapter_move("N", false, place), Some(Next));
            assert_eq!(chapter_move("p", false, place), Some(Back));
            assert_eq!(chapter_move("P", false, place), Some(Back));
        }
        assert_eq!(chapter_move("n", false, Field), None);
        assert_eq!(chapter_move("p", false, Field), None);
        // Ctrl+P prints, Ctrl+N opens a window: the browser's.
        assert_eq!(chapter_move("n", true, Page), None);
        assert_eq!(chapter_move("p", true, Stage), None);
    }

    #[test]
    fn page_keys_move_only_on_the_stage_and_stage_keys_stay_its_own() {
        assert_eq!(chapter_move("PageDown", false, Stage), Some(Next));
        assert_eq!(chapter_move("PageUp", false, Stage), Some(Back));
        assert_eq!(chapter_move("PageDown", false, Page), None);
        assert_eq!(chapter_move("PageUp", false, Field), None);
        for key in [
            " ",
            "ArrowLeft",
            "ArrowRight",
            "Home",
            "End",
            "Enter",
            "Tab",
        ] {
            assert_eq!(chapter_move(key, false, Stage), None, "{key}");
            assert_eq!(chapter_move(key, false, Page), None, "{key}");
        }
    }
}
