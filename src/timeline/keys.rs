//! The stage's keys as a pure mapping from a key (the DOM's `KeyboardEvent.key`) and Shift to a
//! playback [`Command`], so every key's meaning is tested without a browser.

use super::Command;

/// The command for `key` (with Shift held or not), or `None` for keys the stage leaves alone.
pub fn command_for_key(key: &str, shift: bool) -> Option<Command> {
    Some(match (key, shift) {
        (" ", _) => Command::TogglePlay,
        ("ArrowRight", false) => Command::StepForward,
        ("ArrowLeft", false) => Command::StepBack,
        ("ArrowRight", true) => Command::NextPhase,
        ("ArrowLeft", true) => Command::PreviousPhase,
        ("Home", _) => Command::ToStart,
        ("End", _) => Command::ToEnd,
        _ => return None,
    })
}

/// The keys in words, for the stage's hint.
pub const KEYS_HINT: &str = "Keys: Space play/pause, ←/→ step, Shift+←/→ phase, Home/End.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_maps_to_its_command() {
        let cases = [
            (" ", false, Some(Command::TogglePlay)),
            (" ", true, Some(Command::TogglePlay)),
            ("ArrowRight", false, Some(Command::StepForward)),
            ("ArrowLeft", false, Some(Command::StepBack)),
            ("ArrowRight", true, Some(Command::NextPhase)),
            ("ArrowLeft", true, Some(Command::PreviousPhase)),
            ("Home", false, Some(Command::ToStart)),
            ("End", true, Some(Command::ToEnd)),
            ("Enter", false, None),
            ("k", false, None),
            ("a", false, None),
            ("Tab", false, None),
        ];
        for (key, shift, want) in cases {
            assert_eq!(command_for_key(key, shift), want, "{key:?} shift={shift}");
        }
    }
}
