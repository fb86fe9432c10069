//! Every key the dashboard knows, in one table: it decides what a key does
//! where the operator is, and the help overlay and the status bar hints are
//! generated from it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where keys land: a pane with focus, or the line or overlay on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Where {
    /// The invoice box: unbound keys are text.
    Box,
    List,
    Details,
    /// The `/` filter line: unbound keys are text.
    Filter,
    Help,
    /// The messages overlay.
    Messages,
    /// After `y`: which field to copy.
    CopyMenu,
    /// The cases view's list (`C`).
    Cases,
    /// The note editor: keys are text.
    Note,
    /// A one-line case editor (deadline, tags): keys are text.
    Line,
    /// The case state list.
    Picker,
    /// The statement search's form: keys are text.
    Find,
    /// The statement search's results, in the list's place.
    Found,
    /// The intake's path line: keys are text.
    IntakePath,
    /// The intake's rows to resolve, in the list's place.
    Intake,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Try the team history now.
    Reconnect,
    /// The focused pane: normal, half, full screen.
    Zoom,
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
    /// Enter in the list: the details of the selected lookup.
    OpenDetails,
    /// Empty the invoice box, from anywhere.
    ClearBox,
    RawJson,
    Filter,
    ApplyFilter,
    /// The last notices, whole.
    Messages,
    /// A digit typed outside the box starts an invoice ID there.
    StartTyping,
    Map,
    Report,
    Sort,
    Watch,
    /// `y`: asks which field to copy.
    Copy,
    /// The copy menu's choices.
    CopySummary,
    CopyInvoice,
    CopyRrn,
    CopyCard,
    CopyIp,
    SameCard,
    SameIp,
    Export,
    ExportList,
    /// The case keys: a note, the state, the deadline, ownership, tags.
    CaseNote,
    CaseState,
    CaseDeadline,
    CaseOwn,
    CaseTag,
    /// Tick an item of the reason code's evidence checklist.
    CaseTick,
    /// The cases view, on and off.
    ToggleCases,
    /// Enter on a case: its invoice's lookups.
    OpenCase,
    /// Save what the case editor holds.
    SaveCase,
    /// The statement search's form.
    Find,
    /// Search what the form holds.
    RunFind,
    /// Enter on an operation found: check its invoice now.
    CheckFound,
    /// `I` in the cases view: the chargeback intake.
    Intake,
    /// Run the intake on the path typed.
    RunIntake,
    /// Enter on an ambiguous row: file its case under the chosen candidate.
    ResolveIntake,
}

/// A key as bound: plain (Shift allowed, as for `G`), with Ctrl, or any digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Plain(KeyCode),
    Ctrl(char),
    Digit,
}

impl Key {
    fn matches(self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let plain = !ctrl && !key.modifiers.contains(KeyModifiers::ALT);
        match self {
            Self::Plain(code) => plain && key.code == code,
            Self::Ctrl(c) => ctrl && key.code == KeyCode::Char(c),
            Self::Digit => plain && matches!(key.code, KeyCode::Char(c) if c.is_ascii_digit()),
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: &'static [Where],
    /// Keys as the help names them, and what they do; `None` when the line
    /// above already describes this binding.
    /// (The description is a message ID: `assets/i18n/`.)
    pub help: Option<(&'static str, &'static str)>,
    /// Shown in the status bar, where the binding applies, when there is
    /// room; a message ID.
    pub hint: Option<&'static str>,
}

use Where::{
    Box as InBox, Cases, Details, Filter, Find, Found, Help, Intake, IntakePath, Line as OneLine, List, Note, Picker,
};

const PANES: &[Where] = &[InBox, List, Details, Cases, Found, Intake];
/// Where `/` filters: the history, or the cases.
const FILTERS: &[Where] = &[InBox, List, Details, Cases];
/// Keys that move or scroll: the panes, and the help overlay.
const SCROLLS: &[Where] = &[InBox, List, Details, Help, Cases, Found, Intake];
const OUTSIDE_BOX: &[Where] = &[List, Details];
/// Where a case can be picked: a lookup's invoice, a case of the view, or
/// an operation found.
const CASE_KEYS: &[Where] = &[List, Details, Cases, Found];
const EVERYWHERE: &[Where] = &[
    InBox,
    List,
    Details,
    Filter,
    Help,
    Where::Messages,
    Where::CopyMenu,
    Cases,
    Note,
    OneLine,
    Picker,
    Find,
    Found,
    IntakePath,
    Intake,
];

const fn bind(
    keys: &'static [Key],
    action: Action,
    scope: &'static [Where],
    help: Option<(&'static str, &'static str)>,
    hint: Option<&'static str>,
) -> Binding {
    Binding { keys, action, scope, help, hint }
}

const fn c(code: char) -> Key {
    Key::Plain(KeyCode::Char(code))
}

pub const BINDINGS: &[Binding] = &[
    // An invoice ID never holds '?' or '/', so both act in the box too.
    bind(
        &[c('?')],
        Action::Help,
        &[InBox, List, Details, Help, Cases, Found, Intake],
        Some(("?", "help-help")),
        Some("hint-help"),
    ),
    bind(&[Key::Plain(KeyCode::Enter)], Action::Submit, &[InBox], Some(("Enter", "help-submit")), Some("hint-submit")),
    bind(&[c('r')], Action::Recheck, CASE_KEYS, Some(("r", "help-recheck")), Some("hint-recheck")),
    bind(&[Key::Plain(KeyCode::Enter)], Action::OpenDetails, &[List], Some(("Enter", "help-open-details")), None),
    bind(&[Key::Ctrl('u')], Action::ClearBox, PANES, Some(("Ctrl-U", "help-clear-box")), None),
    bind(&[Key::Digit], Action::StartTyping, CASE_KEYS, Some(("0-9", "help-start-typing")), None),
    bind(
        &[Key::Ctrl('t')],
        Action::ToggleType,
        PANES,
        Some(("Ctrl-T, t", "help-toggle-type")),
        Some("hint-toggle-type"),
    ),
    bind(&[c('t')], Action::ToggleType, OUTSIDE_BOX, None, None),
    bind(
        &[Key::Plain(KeyCode::Tab)],
        Action::FocusNext,
        PANES,
        Some(("Tab, S-Tab", "help-focus-next")),
        Some("hint-focus-next"),
    ),
    bind(&[Key::Plain(KeyCode::BackTab)], Action::FocusPrev, PANES, None, None),
    bind(&[Key::Plain(KeyCode::Up)], Action::Up, SCROLLS, Some(("↑↓ jk PgUp/Dn g G", "help-up")), None),
    bind(&[Key::Plain(KeyCode::Down)], Action::Down, SCROLLS, None, None),
    bind(&[c('k')], Action::Up, CASE_KEYS, None, None),
    bind(&[c('j')], Action::Down, CASE_KEYS, None, None),
    bind(&[Key::Plain(KeyCode::PageUp)], Action::PageUp, SCROLLS, None, None),
    bind(&[Key::Plain(KeyCode::PageDown)], Action::PageDown, SCROLLS, None, None),
    bind(&[Key::Plain(KeyCode::Home), c('g')], Action::Top, CASE_KEYS, None, None),
    bind(&[Key::Plain(KeyCode::End), c('G')], Action::Bottom, CASE_KEYS, None, None),
    bind(&[c('v')], Action::RawJson, OUTSIDE_BOX, Some(("v", "help-raw-json")), Some("hint-raw-json")),
    bind(&[c('m')], Action::Map, OUTSIDE_BOX, Some(("m", "help-map")), Some("hint-map")),
    bind(&[c('w')], Action::Report, OUTSIDE_BOX, Some(("w", "help-report")), Some("hint-report")),
    bind(&[c('s')], Action::Sort, OUTSIDE_BOX, Some(("s", "help-sort")), None),
    bind(&[c('W')], Action::Watch, OUTSIDE_BOX, Some(("W", "help-watch")), None),
    bind(&[c('y')], Action::Copy, OUTSIDE_BOX, Some(("y", "help-copy")), Some("hint-copy")),
    bind(&[c('s'), c('y')], Action::CopySummary, &[Where::CopyMenu], None, Some("hint-copy-summary")),
    bind(&[c('i')], Action::CopyInvoice, &[Where::CopyMenu], None, Some("hint-copy-invoice")),
    bind(&[c('r')], Action::CopyRrn, &[Where::CopyMenu], None, Some("hint-copy-rrn")),
    bind(&[c('c')], Action::CopyCard, &[Where::CopyMenu], None, Some("hint-copy-card")),
    bind(&[c('p')], Action::CopyIp, &[Where::CopyMenu], None, Some("hint-copy-ip")),
    bind(&[c('n')], Action::CaseNote, CASE_KEYS, Some(("n", "help-case-note")), Some("hint-case-note")),
    bind(&[c('S')], Action::CaseState, CASE_KEYS, Some(("S, D", "help-case-state")), None),
    bind(&[c('D')], Action::CaseDeadline, CASE_KEYS, None, None),
    bind(&[c('o')], Action::CaseOwn, CASE_KEYS, Some(("o, T", "help-case-own")), None),
    bind(&[c('T')], Action::CaseTag, CASE_KEYS, None, None),
    bind(&[c('x')], Action::CaseTick, CASE_KEYS, Some(("x", "help-case-tick")), None),
    bind(&[c('+')], Action::Zoom, CASE_KEYS, Some(("+", "help-zoom")), None),
    bind(&[c('R')], Action::Reconnect, CASE_KEYS, Some(("R", "help-reconnect")), None),
    bind(&[c('C')], Action::ToggleCases, CASE_KEYS, Some(("C", "help-toggle-cases")), Some("hint-toggle-cases")),
    bind(
        &[Key::Plain(KeyCode::Enter)],
        Action::OpenCase,
        &[Cases],
        Some(("Enter", "help-open-case")),
        Some("hint-open-case"),
    ),
    bind(&[Key::Ctrl('s')], Action::SaveCase, &[Note], Some(("Ctrl-S", "help-save-case")), Some("hint-save-case")),
    bind(
        &[Key::Plain(KeyCode::Enter)],
        Action::SaveCase,
        &[OneLine, Picker],
        Some(("Enter", "help-save-case-2")),
        Some("hint-save-case-2"),
    ),
    bind(&[c('f')], Action::Find, CASE_KEYS, Some(("f, Ctrl-F", "help-find")), Some("hint-find")),
    bind(&[Key::Ctrl('f')], Action::Find, PANES, None, None),
    bind(
        &[Key::Plain(KeyCode::Enter)],
        Action::RunFind,
        &[Find],
        Some(("Enter", "help-run-find")),
        Some("hint-run-find"),
    ),
    bind(
        &[Key::Plain(KeyCode::Enter)],
        Action::CheckFound,
        &[Found],
        Some(("Enter", "help-check-found")),
        Some("hint-check-found"),
    ),
    bind(&[c('I')], Action::Intake, &[Cases, Intake], Some(("I", "help-intake")), Some("hint-intake")),
    bind(
        &[Key::Plain(KeyCode::Enter)],
        Action::RunIntake,
        &[IntakePath],
        Some(("Enter", "help-run-intake")),
        Some("hint-run-intake"),
    ),
    bind(
        &[Key::Plain(KeyCode::Enter)],
        Action::ResolveIntake,
        &[Intake],
        Some(("Enter", "help-resolve-intake")),
        Some("hint-resolve-intake"),
    ),
    bind(&[c('/')], Action::Filter, FILTERS, Some(("/", "help-filter")), Some("hint-filter")),
    bind(&[Key::Plain(KeyCode::Enter)], Action::ApplyFilter, &[Filter], None, Some("hint-apply-filter")),
    bind(
        &[c('M')],
        Action::Messages,
        &[InBox, List, Details, Where::Messages, Cases, Found, Intake],
        Some(("M", "help-messages")),
        None,
    ),
    bind(&[c('c')], Action::SameCard, OUTSIDE_BOX, Some(("c, i", "help-same-card")), None),
    bind(&[c('i')], Action::SameIp, OUTSIDE_BOX, None, None),
    bind(&[c('e')], Action::Export, OUTSIDE_BOX, Some(("e, E", "help-export")), Some("hint-export")),
    bind(&[c('E')], Action::ExportList, OUTSIDE_BOX, None, None),
    bind(
        &[Key::Plain(KeyCode::Esc)],
        Action::LeaveOrClose,
        EVERYWHERE,
        Some(("Esc", "help-leave-or-close")),
        Some("hint-leave-or-close"),
    ),
    bind(
        &[c('q')],
        Action::Quit,
        &[List, Details, Help, Where::Messages, Cases, Found, Intake],
        Some(("q, Ctrl-C", "help-quit")),
        Some("hint-quit"),
    ),
    bind(&[Key::Ctrl('c')], Action::Quit, EVERYWHERE, None, None),
];

/// The action for a key press where the operator is, or `None` when the key
/// is text (in the box or the filter line) or does nothing there.
pub fn action_for(key: &KeyEvent, at: Where) -> Option<Action> {
    BINDINGS.iter().find(|b| b.scope.contains(&at) && b.keys.iter().any(|k| k.matches(key))).map(|b| b.action)
}

/// Status bar hints that apply where the operator is, in table order.
pub fn hints(at: Where) -> impl Iterator<Item = &'static str> {
    BINDINGS.iter().filter(move |b| b.scope.contains(&at)).filter_map(|b| b.hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    /// The keys the table names, as a terminal sends them.
    fn events(k: Key) -> Vec<KeyEvent> {
        match k {
            Key::Plain(KeyCode::Char(ch)) if ch.is_ascii_uppercase() => {
                vec![key(KeyCode::Char(ch), KeyModifiers::SHIFT)]
            }
            Key::Plain(KeyCode::BackTab) => vec![key(KeyCode::BackTab, KeyModifiers::SHIFT)],
            Key::Plain(code) => vec![key(code, KeyModifiers::NONE)],
            Key::Ctrl(ch) => vec![key(KeyCode::Char(ch), KeyModifiers::CONTROL)],
            Key::Digit => ('0'..='9').map(|d| key(KeyCode::Char(d), KeyModifiers::NONE)).collect(),
        }
    }

    /// Every listed key reaches its own action wherever the table says it
    /// applies: no earlier row shadows it.
    #[test]
    fn every_listed_key_reaches_its_action() {
        for b in BINDINGS {
            for &at in b.scope {
                for &k in b.keys {
                    for event in events(k) {
                        assert_eq!(action_for(&event, at), Some(b.action), "{event:?} in {at:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn letters_type_in_the_box_and_act_outside() {
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(&q, Where::Box), None);
        assert_eq!(action_for(&q, Where::Filter), None);
        assert_eq!(action_for(&q, Where::List), Some(Action::Quit));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        for at in [
            Where::Box,
            Where::List,
            Where::Details,
            Where::Filter,
            Where::Help,
            Where::Messages,
            Where::CopyMenu,
            Where::Cases,
            Where::Note,
            Where::Line,
            Where::Picker,
            Where::Find,
            Where::Found,
            Where::IntakePath,
            Where::Intake,
        ] {
            assert_eq!(action_for(&ctrl_c, at), Some(Action::Quit), "{at:?}");
        }
        // In the editors letters are text; Enter starts a line in a note
        // and saves a one-line value.
        assert_eq!(action_for(&q, Where::Note), None);
        assert_eq!(action_for(&enter, Where::Note), None);
        assert_eq!(action_for(&enter, Where::Line), Some(Action::SaveCase));
        assert_eq!(action_for(&key(KeyCode::Char('s'), KeyModifiers::CONTROL), Where::Note), Some(Action::SaveCase));
        assert_eq!(action_for(&key(KeyCode::Char('5'), KeyModifiers::NONE), Where::Box), None);
        assert_eq!(action_for(&enter, Where::Box), Some(Action::Submit));
        assert_eq!(action_for(&enter, Where::List), Some(Action::OpenDetails));
        assert_eq!(action_for(&enter, Where::Filter), Some(Action::ApplyFilter));
        // In the find form letters are text; Enter searches.
        assert_eq!(action_for(&q, Where::Find), None);
        assert_eq!(action_for(&key(KeyCode::Char('f'), KeyModifiers::NONE), Where::Find), None);
        assert_eq!(action_for(&enter, Where::Find), Some(Action::RunFind));
        assert_eq!(action_for(&enter, Where::Found), Some(Action::CheckFound));
        assert_eq!(action_for(&key(KeyCode::Char('/'), KeyModifiers::NONE), Where::Found), None);
    }

    /// Every binding is described in the help: on its own line, or on the
    /// line of the binding above it.
    #[test]
    fn every_binding_has_a_help_line() {
        assert!(BINDINGS[0].help.is_some());
        let described = BINDINGS.iter().filter(|b| b.help.is_some()).count();
        assert!(described >= 15, "the help lists {described} lines");
    }

    #[test]
    fn hints_follow_where_the_keys_land() {
        let in_box: Vec<_> = hints(Where::Box).collect();
        assert!(in_box.contains(&"hint-submit") && !in_box.contains(&"hint-recheck"), "{in_box:?}");
        let in_list: Vec<_> = hints(Where::List).collect();
        assert!(in_list.contains(&"hint-recheck") && !in_list.contains(&"hint-submit"), "{in_list:?}");
        assert_eq!(hints(Where::Box).next(), Some("hint-help"), "help comes first, so it always fits");
    }
}
