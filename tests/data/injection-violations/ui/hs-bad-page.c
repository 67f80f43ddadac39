/* hs-bad-page.c: what build-aux/check-injection.sh must find (test check-injection-finds) */
static void
bad (AdwActionRow *row, GtkLabel *label, HsEvent *event, const char *name, sqlite3 *db)
{
  gtk_label_set_markup (label, hs_event_get_name (event));                 /* markup */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);         /* markup */
  adw_toast_overlay_add_toast (overlay, adw_toast_new (name));             /* markup */
  adw_status_page_set_description (page,
                                   hs_event_get_name (event));             /* markup */
  g_print (name);                                                          /* format */
  g_string_append_printf (s, name, 1);                                     /* format */
  g_set_error (error, HS_ERROR, 1, event->message);                        /* format */
  sql = g_strdup_printf ("SELECT * FROM events WHERE name = '%s'", name);  /* sql */
  sqlite3_exec (db, "DELETE FROM x", NULL, NULL, NULL);                    /* sql (room) */
  g_spawn_command_line_async (name, NULL);                                 /* shell */
  system (command);                                                        /* shell */
  /* Fine: */
  gtk_label_set_markup (label, escaped);
  gtk_label_set_markup (label, "<b>Bold</b>");
  adw_toast_new (_("Delivery deleted"));
  g_print ("%s\n", name);
  g_print (ok ? "a" : "b");
  sql = g_strdup_printf ("SELECT " COLUMNS "%s FROM d", with_body ? ", d.body" : "");
  g_print (name); /* injection-check: ok — a test of the marker */
}
