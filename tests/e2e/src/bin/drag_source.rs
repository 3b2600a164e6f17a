//! A tiny GTK window that offers one file to drag (as `text/uri-list`, the way a file
//! manager does), so the E2E tests can drop a real file on Roster's window under Xvfb with
//! xdotool. `drag_source FILE`: the window is titled "roster-drag-source" and sits at the
//! top-left corner; the button fills it.

#[cfg(target_os = "linux")]
fn main() {
    use gtk::prelude::*;

    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: drag_source FILE");
        std::process::exit(2);
    };
    let path = std::fs::canonicalize(&path).unwrap_or_else(|e| {
        eprintln!("drag_source: {path}: {e}");
        std::process::exit(2);
    });
    let uri = gtk::glib::filename_to_uri(&path, None).unwrap_or_else(|e| {
        eprintln!("drag_source: {e}");
        std::process::exit(2);
    });
    if gtk::init().is_err() {
        eprintln!("drag_source: no display");
        std::process::exit(2);
    }
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    window.set_title("roster-drag-source");
    window.set_default_size(160, 120);
    window.move_(0, 0);
    let button = gtk::Button::with_label("drag this file");
    let targets = [gtk::TargetEntry::new(
        "text/uri-list",
        gtk::TargetFlags::OTHER_APP,
        0,
    )];
    button.drag_source_set(
        gtk::gdk::ModifierType::BUTTON1_MASK,
        &targets,
        gtk::gdk::DragAction::COPY,
    );
    let uri = uri.to_string();
    button.connect_drag_data_get(move |_, _, data, _, _| {
        data.set_uris(&[uri.as_str()]);
    });
    button.connect_drag_end(|_, _| gtk::main_quit());
    window.add(&button);
    window.connect_destroy(|_| gtk::main_quit());
    window.show_all();
    gtk::main();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("drag_source runs on Linux (X11) only");
    std::process::exit(2);
}
