//! The shared library's windows: what you may change (permission view), the conflict dialog with both sides, the
//! refusal, and the password dialog. What they do is in `shared_app.rs`.

use egui::Context;

use super::app::StockApp;
use super::i18n::shared_t as s;
use super::shared_session::Link;
use crate::io::postgis;

impl StockApp {
    pub(super) fn shared_ui(&mut self, ctx: &Context) {
        self.permission_view_ui(ctx);
        self.conflict_ui(ctx);
        self.refusal_ui(ctx);
        self.password_ui(ctx);
        self.offline_ui(ctx);
    }

    /// The connection, the login role and the counties this officer may change.
    fn permission_view_ui(&mut self, ctx: &Context) {
        let lang = self.lang;
        let Some(session) = &self.shared.session else { return };
        let mut resend = false;
        let counties: Option<Vec<String>> = session
            .mine
            .as_ref()
            .map(|m| m.iter().map(|c| self.counties.name_of(c)).collect());
        egui::Window::new(s::SHARED_LIBRARY.get(lang))
            .anchor(egui::Align2::RIGHT_BOTTOM, [-10.0, -40.0])
            .collapsible(true)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(postgis::redacted(&session.url));
                ui.label(format!("{}：{}", s::LOGGED_IN_AS.get(lang), session.role));
                match &session.link {
                    Link::Connecting => ui.label(s::SHARED_CONNECTING.get(lang)),
                    Link::Connected => ui.label(s::SHARED_CONNECTED.get(lang)),
                    Link::Lost(e) => ui
                        .colored_label(egui::Color32::from_rgb(200, 60, 0), s::SHARED_LOST.get(lang))
                        .on_hover_text(e),
                };
                let list = match &counties {
                    None => s::SHARED_CONNECTING.get(lang).to_string(),
                    Some(c) if c.is_empty() => s::NONE_MAY_CHANGE.get(lang).to_string(),
                    Some(c) => c.join("、"),
                };
                ui.label(format!("{}：{list}", s::YOU_MAY_CHANGE.get(lang)));
                if !session.in_flight.is_empty() {
                    ui.label(s::SENDING.get(lang));
                }
                if !session.outbox.is_empty() {
                    ui.horizontal(|ui| {
                        ui.label(format!("{}：{}", s::WAITING_TO_SEND.get(lang), session.outbox.len()));
                        resend = ui.button(s::RESEND.get(lang)).clicked();
                    });
                }
            });
        if resend && let Some(session) = self.shared.session.as_mut() {
            session.resend();
        }
    }

    /// Theirs beside mine; the officer keeps one.
    fn conflict_ui(&mut self, ctx: &Context) {
        let lang = self.lang;
        let Some(c) = &self.shared.conflict else { return };
        let mut keep_mine = false;
        let mut keep_theirs = false;
        let status = |st: crate::model::ParcelStatus| lang.pick(st.zh(), st.en()).to_string();
        egui::Window::new(s::CONFLICT_TITLE.get(lang))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.label(format!("{}  {}", c.parcel, s::CONFLICT_EXPLAIN.get(lang)));
                egui::Grid::new("conflict_sides").striped(true).show(ui, |ui| {
                    ui.label("");
                    ui.strong(s::THEIRS.get(lang));
                    ui.strong(s::MINE.get(lang));
                    ui.end_row();
                    ui.label(super::i18n::t::COL_STATUS.get(lang));
                    ui.label(format!("{}: {}", s::THEIRS.get(lang), status(c.theirs.status)));
                    ui.label(format!("{}: {}", s::MINE.get(lang), status(c.mine.to)));
                    ui.end_row();
                    ui.label(s::VERSION.get(lang));
                    ui.label(c.theirs.version.to_string());
                    ui.label(format!("{} → ?", c.mine.expected_version));
                    ui.end_row();
                    ui.label(s::CHANGED_BY.get(lang));
                    ui.label(&c.theirs.by);
                    ui.label(self.shared.session.as_ref().map(|x| x.role.as_str()).unwrap_or(""));
                    ui.end_row();
                    ui.label(s::CHANGED_AT.get(lang));
                    ui.label(&c.theirs.at);
                    ui.label(&c.mine_at);
                    ui.end_row();
                    if !c.mine.note.is_empty() {
                        ui.label(super::i18n::t::NOTE.get(lang));
                        ui.label("");
                        ui.label(&c.mine.note);
                        ui.end_row();
                    }
                });
                ui.horizontal(|ui| {
                    keep_theirs = ui.button(s::KEEP_THEIRS.get(lang)).clicked();
                    keep_mine = ui.button(s::KEEP_MINE.get(lang)).clicked();
                });
            });
        if keep_theirs {
            self.keep_theirs();
        } else if keep_mine {
            self.keep_mine();
        }
    }

    fn refusal_ui(&mut self, ctx: &Context) {
        let lang = self.lang;
        let Some(text) = &self.shared.refusal else { return };
        let mut close = false;
        egui::Window::new(s::REFUSED_TITLE.get(lang))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(text);
                close = ui.button(s::CLOSE.get(lang)).clicked();
            });
        if close {
            self.shared.refusal = None;
        }
    }

    fn password_ui(&mut self, ctx: &Context) {
        let lang = self.lang;
        let Some(p) = self.shared.password.as_mut() else { return };
        let (mut connect, mut cancel) = (false, false);
        egui::Window::new(s::PASSWORD_TITLE.get(lang))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.label(postgis::redacted(&p.url));
                if p.wrong {
                    ui.colored_label(ui.visuals().error_fg_color, s::PASSWORD_WRONG.get(lang));
                }
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut p.text).password(true))
                    .accessible_name(s::PASSWORD_FOR.get(lang));
                ui.label(s::PASSWORD_FOR.get(lang));
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    connect = ui.button(s::CONNECT.get(lang)).clicked() || enter;
                    cancel = ui.button(s::CANCEL.get(lang)).clicked();
                });
            });
        if cancel {
            self.shared.password = None;
        } else if connect {
            self.connect_with_password();
        }
    }
}
