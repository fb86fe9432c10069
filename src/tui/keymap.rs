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
    Filter,
    Map,
    Report,
    Sort,
    Watch,
    Copy,
    SameCard,
    SameIp,
    Export,
    ExportList,
}

pub struct Binding {
    pub keys: &'static str,
    /// The actions these keys perform, in the order the keys are named.
    pub actions: &'static [Action],
    pub description: &'static str,
    /// Shown in the status bar when there is room.
    pub hint: Option<&'static str>,
}

pub const BINDINGS: &[Binding] = &[
    b("Enter", &[Action::Submit], "look up the invoice(s) typed or pasted in the box", Some("Enter look up")),
    b("?", &[Action::Help], "this help", Some("? help")),
    b("Ctrl-T, t", &[Action::ToggleType], "lookup type: auto → payment → p2p", Some("^T type")),
    b("Tab, S-Tab", &[Action::FocusNext, Action::FocusPrev], "next, previous pane", Some("Tab pane")),
    b(
        "↑↓ jk PgUp/Dn g G",
        &[Action::Up, Action::Down, Action::PageUp, Action::PageDown, Action::Top, Action::Bottom],
        "move in the list or scroll the details; by a page; to the ends",
        None,
    ),
    b("r", &[Action::Recheck], "check the selected invoice again", Some("r re-check")),
    b("v", &[Action::RawJson], "raw JSON of the answer, on and off", Some("v raw")),
    b("m", &[Action::Map], "the IP's location on a world map, full screen", Some("m map")),
    b("w", &[Action::Report], "write an evidence report (Markdown and JSON)", Some("w report")),
    b("s", &[Action::Sort], "sort the list: newest first, by status, by amount", None),
    b("W", &[Action::Watch], "watch the invoice: check it again every few minutes", None),
    b("y", &[Action::Copy], "copy a summary (raw JSON in the raw view) to the clipboard", Some("y copy")),
    b("/", &[Action::Filter], "filter the history by any text (Enter applies)", Some("/ filter")),
    b("c, i", &[Action::SameCard, Action::SameIp], "list other lookups with this card, this IP", None),
    b(
        "e, E",
        &[Action::Export, Action::ExportList],
        "export this lookup, the list as shown (CSV+JSON)",
        Some("e export"),
    ),
    b("Esc", &[Action::LeaveOrClose], "close an overlay or filter, or leave the invoice box", None),
    b("q, Ctrl-C", &[Action::Quit], "quit", Some("q quit")),
];

const fn b(
    keys: &'static str,
    actions: &'static [Action],
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding { keys, actions, description, hint }
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
        // Neither is ever part of an invoice ID either.
        KeyCode::Char('/') if plain => Action::Filter,
        _ if in_box => return None,
        KeyCode::Home | KeyCode::Char('g') if plain || key.code == KeyCode::Home => Action::Top,
        KeyCode::End | KeyCode::Char('G') => Action::Bottom,
        KeyCode::Char('k') if plain => Action::Up,
        KeyCode::Char('j') if plain => Action::Down,
        KeyCode::Char('q') if plain => Action::Quit,
        KeyCode::Char('t') if plain => Action::ToggleType,
        KeyCode::Char('r') if plain => Action::Recheck,
        KeyCode::Char('v') if plain => Action::RawJson,
        KeyCode::Char('c') if plain => Action::SameCard,
        KeyCode::Char('m') if plain => Action::Map,
        KeyCode::Char('w') if plain => Action::Report,
        KeyCode::Char('s') if plain => Action::Sort,
        KeyCode::Char('W') => Action::Watch,
        KeyCode::Char('y') if plain => Action::Copy,
        KeyCode::Char('i') if plain => Action::SameIp,
        KeyCode::Char('e') if plain => Action::Export,
        KeyCode::Char('E') => Action::ExportList,
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

    /// Every key that does something, in every pane, has a line in the help.
    #[test]
    fn every_action_is_documented() {
        let mut codes: Vec<KeyCode> = (' '..='~').map(KeyCode::Char).collect();
        codes.extend([
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
        ]);
        for focus in [Focus::Input, Focus::History, Focus::Details] {
            for &code in &codes {
                for mods in [KeyModifiers::NONE, KeyModifiers::SHIFT, KeyModifiers::CONTROL] {
                    if let Some(a) = action_for(&key(code, mods), focus) {
                        assert!(BINDINGS.iter().any(|b| b.actions.contains(&a)), "{a:?} ({code:?}) has no help line");
                    }
                }
            }
        }
    }
}
