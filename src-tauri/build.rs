fn main() {
    // Only the commands listed here can be allowed by a capability; each gets
    // an `allow-<name>` permission that capabilities/main.json grants one by one.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "open_practice_org",
        "current_org",
        "probe_login",
        "connect",
        "saved_orgs",
        "switch_org",
        "test_connection",
        "sign_out",
        "people_query",
        "people_matching_ids",
        "people_facets",
        "people_reload",
        "person_profile",
        "person_change",
        "person_form",
        "person_check",
        "person_add",
        "offboard_preview",
        "offboard_run",
        "deleted_people_list",
        "deleted_person_restore",
        "protected_list",
        "protected_set",
        "scheduled_list",
        "offboard_people_in_file",
        "import_open",
        "import_rows",
        "import_edit_cell",
        "import_exclude_row",
        "import_set_mapping",
        "import_set_username_pattern",
        "import_save_corrected_copy",
        "save_template",
        "import_check_org",
        "import_run",
        "import_cancel",
        "history_list",
        "history_export",
        "pick_csv_file",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build step failed: {e:#}");
    }
}
