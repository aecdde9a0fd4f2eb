//! The playback cursor: where the animation is (steps completed), whether it plays, how fast,
//! and whether it loops. Commands change it; [`Cursor::advance`] moves it by a `dt_secs` the
//! caller passes in, so every behaviour is testable without a clock.

use super::steps::Timeline;

/// The speeds offered, in steps per second, from ½ to a hundred thousand.
pub const SPEEDS: [f64; 12] = [
    0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 300.0, 1_000.0, 3_000.0, 10_000.0, 100_000.0,
];

/// The default speed: two steps a second, slow enough to follow the arithmetic.
pub const DEFAULT_SPEED: f64 = 2.0;

/// What the controls ask of the cursor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Command {
    /// Start playing (from the start when at the end).
    Play,
    /// Stop playing.
    Pause,
    /// Play when paused, pause when playing.
    TogglePlay,
    /// One step forward (pauses).
    StepForward,
    /// One step back (pauses).
    StepBack,
    /// Go to this many completed steps (clamped; pauses).
    Seek(u64),
    /// Nothing computed.
    ToStart,
    /// Everything computed.
    ToEnd,
    /// The start of the next phase.
    NextPhase,
    /// The start of this phase, or of the previous one when already there.
    PreviousPhase,
    /// Steps per second (clamped to [`SPEEDS`]' range).
    SetSpeed(f64),
    /// Whether playing past the end starts again.
    SetLoop(bool),
}

/// Where playback stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    completed: u64,
    len: u64,
    playing: bool,
    speed: f64,
    looping: bool,
    /// Fractional steps carried between frames.
    carry: f64,
}

impl Cursor {
    /// A paused cursor over `len` steps at `completed` (clamped).
    pub fn new(len: u64, completed: u64) -> Self {
        Cursor {
            completed: completed.min(len),
            len,
            playing: false,
            speed: DEFAULT_SPEED,
            looping: false,
            carry: 0.0,
        }
    }

    /// Steps completed, `0..=len`.
    pub fn completed(&self) -> u64 {
        self.completed
    }
    /// Total steps.
    pub fn len(&self) -> u64 {
        self.len
    }
    /// Whether there are no steps.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Whether it is playing.
    pub fn is_playing(&self) -> bool {
        self.playing
    }
    /// Steps per second.
    pub fn speed(&self) -> f64 {
        self.speed
    }
    /// Whether it loops.
    pub fn is_looping(&self) -> bool {
        self.looping
    }
    /// Whether every step is done.
    pub fn at_end(&self) -> bool {
        self.completed >= self.len
    }

    fn seek(&mut self, completed: u64) {
        self.completed = completed.min(self.len);
        self.carry = 0.0;
    }

    /// Applies a command; phase commands read the phase boundaries from `timeline`.
    pub fn apply(&mut self, command: Command, timeline: &Timeline) {
        match command {
            Command::Play => {
                if self.at_end() {
                    self.seek(0);
                }
                self.playing = self.len > 0;
            }
            Command::Pause => self.playing = false,
            Command::TogglePlay => {
                let next = if self.playing {
                    Command::Pause
                } else {
                    Command::Play
                };
                self.apply(next, timeline);
            }
            Command::StepForward => {
                self.playing = false;
                self.seek(self.completed.saturating_add(1));
            }
            Command::StepBack => {
                self.playing = false;
                self.seek(self.completed.saturating_sub(1));
            }
            Command::Seek(n) => {
                self.playing = false;
                self.seek(n);
            }
            Command::ToStart => {
                self.playing = false;
                self.seek(0);
            }
            Command::ToEnd => {
                self.playing = false;
                self.seek(self.len);
            }
            Command::NextPhase => {
                self.playing = false;
                self.seek(timeline.next_phase_start(self.completed));
            }
            Command::PreviousPhase => {
                self.playing = false;
                self.seek(timeline.previous_phase_start(self.completed));
            }
            Command::SetSpeed(speed) => {
                if speed.is_finite() {
                    self.speed = speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]);
                }
            }
            Command::SetLoop(looping) => self.looping = looping,
        }
    }

    /// Moves a playing cursor on by `dt_secs` of wall time; returns the steps advanced. At the
    /// end it stops, or starts again when looping.
    pub fn advance(&mut self, dt_secs: f64) -> u64 {
        if !self.playing || !dt_secs.is_finite() || dt_secs <= 0.0 {
            return 0;
        }
        let exact = self.carry + dt_secs * self.speed;
        let whole = exact.floor();
        self.carry = exact - whole;
        let steps = whole as u64;
        let before = self.completed;
        let target = before.saturating_add(steps);
        if target >= self.len {
            if self.looping && self.len > 0 {
                // Positions 0..=len form a cycle: after the end comes the start.
                let period = self.len + 1;
                self.completed = (before % period + steps % period) % period;
            } else {
                self.completed = self.len;
                self.playing = false;
                self.carry = 0.0;
            }
        } else {
            self.completed = target;
        }
        self.completed.abs_diff(before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::seed_example;
    use crate::engine::Method;
    use crate::timeline::steps::Granularity;

    fn timeline() -> Timeline {
        let config = seed_example(Method::SpatialSeparable).validate().unwrap();
        Timeline::new(&config, Granularity::Element).unwrap()
    }

    #[test]
    fn step_back_undoes_step_forward() {
        let t = timeline();
        let mut c = Cursor::new(t.len(), 10);
        c.apply(Command::StepForward, &t);
        assert_eq!(c.completed(), 11);
        c.apply(Command::StepBack, &t);
        assert_eq!(c.completed(), 10);
        c.apply(Command::ToStart, &t);
        c.apply(Command::StepBack, &t);
        assert_eq!(c.completed(), 0);
        c.apply(Command::ToEnd, &t);
        c.apply(Command::StepForward, &t);
        assert_eq!(c.completed(), t.len());
    }

    #[test]
    fn playing_advances_by_speed_times_dt_and_stops_at_the_end() {
        let t = timeline();
        let mut c = Cursor::new(t.len(), 0);
        c.apply(Command::SetSpeed(2.0), &t);
        c.apply(Command::Play, &t);
        assert_eq!(c.advance(0.25), 0);
        assert_eq!(c.advance(0.25), 1);
        assert_eq!(c.completed(), 1);
        c.apply(Command::SetSpeed(100_000.0), &t);
        c.advance(10.0);
        assert!(c.at_end());
        assert!(!c.is_playing());
        // Play at the end restarts.
        c.apply(Command::Play, &t);
        assert_eq!(c.completed(), 0);
        assert!(c.is_playing());
    }

    #[test]
    fn looping_wraps() {
        let t = timeline();
        let mut c = Cursor::new(t.len(), t.len() - 2);
        c.apply(Command::SetLoop(true), &t);
        c.apply(Command::SetSpeed(5.0), &t);
        c.apply(Command::Play, &t);
        c.advance(1.0);
        assert!(c.is_playing());
        assert_eq!(c.completed(), 2);
    }

    #[test]
    fn phases_and_seek() {
        let t = timeline();
        let mut c = Cursor::new(t.len(), 5);
        c.apply(Command::NextPhase, &t);
        assert_eq!(c.completed(), 3 * 64 * 64);
        c.apply(Command::PreviousPhase, &t);
        assert_eq!(c.completed(), 0);
        c.apply(Command::Seek(u64::MAX), &t);
        assert_eq!(c.completed(), t.len());
        c.apply(Command::SetSpeed(f64::NAN), &t);
        assert_eq!(c.speed(), DEFAULT_SPEED);
        c.apply(Command::SetSpeed(1e9), &t);
        assert_eq!(c.speed(), 100_000.0);
    }
}
