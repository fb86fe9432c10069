//! Every key the dashboard knows, listed once: the help overlay and the
//! status bar hints are generated from this table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::Focus;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Submit,
    FocusNext,
    FocusPrev,
    LeaveOrClose,
    Help,
    ToggleType,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Recheck,
    RawJson,
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    /// Only outside the invoice box, where letters are not typing.
    OutsideBox,
    InBox,
}

pub struct Binding {
    pub keys: &'static str,
    pub action: Action,
    pub scope: Scope,
    pub description: &'static str,
    /// Shown in the status bar when there is room.
    pub hint: Option<&'static str>,
}

pub const BINDINGS: &[Binding] = &[
    b("Enter", Action::Submit, Scope::InBox, "look up the invoice(s) typed or pasted", Some("Enter look up")),
    b("?", Action::Help, Scope::Everywhere, "this help", Some("? help")),
    b("Ctrl-T", Action::ToggleType, Scope::Everywhere, "lookup type: auto → payment → p2p", Some("^T type")),
    b("t", Action::ToggleType, Scope::OutsideBox, "lookup type: auto → payment → p2p", None),
    b("Tab", Action::FocusNext, Scope::Everywhere, "next pane", Some("Tab pane")),
    b("Shift-Tab", Action::FocusPrev, Scope::Everywhere, "previous pane", None),
    b("↑ ↓ / k j", Action::Up, Scope::Everywhere, "move in the history, scroll the details (↑ ↓ in the box too)", None),
    b("PgUp PgDn", Action::PageUp, Scope::Everywhere, "a page up or down", None),
    b("Home End / g G", Action::Top, Scope::OutsideBox, "first or last", None),
    b("r", Action::Recheck, Scope::OutsideBox, "check the selected invoice again", Some("r re-check")),
    b("v", Action::RawJson, Scope::OutsideBox, "raw JSON of the answer, on and off", Some("v raw")),
    b("Esc", Action::LeaveOrClose, Scope::Everywhere, "close an overlay, or leave the invoice box", None),
    b("q", Action::Quit, Scope::OutsideBox, "quit", Some("q quit")),
    b("Ctrl-C", Action::Quit, Scope::Everywhere, "quit from anywhere", None),
];

const fn b(
    keys: &'static str,
    action: Action,
    scope: Scope,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding { keys, action, scope, description, hint }
}

/// The action for a key press, or `None` when the key is text for the box.
pub fn action_for(key: &KeyEvent, focus: Focus) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let in_box = focus == Focus::Input;
    let plain = !ctrl && !key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('t') if ctrl => Action::ToggleType,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Esc => Action::LeaveOrClose,
        KeyCode::Enter if in_box => Action::Submit,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        // An invoice ID never holds '?', so it opens help even in the box.
        KeyCode::Char('?') if plain => Action::Help,
        _ if in_box => return None,
        KeyCode::Home | KeyCode::Char('g') if plain || key.code == KeyCode::Home => Action::Top,
        KeyCode::End | KeyCode::Char('G') => Action::Bottom,
        KeyCode::Char('k') if plain => Action::Up,
        KeyCode::Char('j') if plain => Action::Down,
        KeyCode::Char('q') if plain => Action::Quit,
        KeyCode::Char('t') if plain => Action::ToggleType,
        KeyCode::Char('r') if plain => Action::Recheck,
        KeyCode::Char('v') if plain => Action::RawJson,
        KeyCode::Enter => Action::Recheck,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_type_in_the_box_and_act_outside() {
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(&q, Focus::Input), None);
        assert_eq!(action_for(&q, Focus::History), Some(Action::Quit));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&ctrl_c, Focus::Input), Some(Action::Quit));
        assert_eq!(action_for(&key(KeyCode::Char('5'), KeyModifiers::NONE), Focus::Input), None);
    }

    #[test]
    fn every_action_is_documented() {
        use Action::*;
        for a in [Quit, Submit, FocusNext, FocusPrev, LeaveOrClose, Help, ToggleType, Up, PageUp, Top, Recheck, RawJson]
        {
            assert!(BINDINGS.iter().any(|b| b.action == a), "{a:?} has no help line");
        }
    }
}
