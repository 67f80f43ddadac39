#!/usr/bin/env bash
# Payload text is data: checks the sources for the rules of HACKING.md, "Payload text is data".
#   build-aux/check-injection.sh [SRCDIR]     exit 1 and one line per violation, 0 when clean
#   build-aux/check-injection.sh --expect N DIR   exit 0 when exactly N violations (self-test)
# Run by the core suite (test check-injection). A call that is fine for a reason the check
# cannot see carries "injection-check: ok" and the reason in a comment on its first line.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
expect=-1
if [ "${1:-}" = --expect ]; then
  expect=$2
  shift 2
fi
src=${1:-$top/src}

exec python3 - "$src" "$expect" <<'PY'
import os, re, sys

src = sys.argv[1]
expect = int(sys.argv[2])

# Rule 1 (markup): widgets that parse Pango markup, and which argument is the text.
MARKUP = {
    'gtk_label_set_markup': 1, 'gtk_widget_set_tooltip_markup': 1,
    'gtk_label_set_markup_with_mnemonic': 1,
    'adw_toast_new': 0, 'adw_toast_set_title': 1, 'adw_status_page_set_description': 1,
    'adw_preferences_row_set_title': 1, 'adw_action_row_set_subtitle': 1,
    'adw_expander_row_set_subtitle': 1, 'adw_message_dialog_set_body': 1,
    'adw_message_dialog_set_heading': 1,
}
# Rows take markup only while their use-markup is on (libadwaita 1.2's default).
ROW_SETTERS = ('adw_preferences_row_set_title', 'adw_action_row_set_subtitle',
               'adw_expander_row_set_subtitle')
# Rule 2 (format strings): printf-like functions and the index of their format.
FORMAT = {
    'printf': 0, 'g_print': 0, 'g_printerr': 0, 'g_strdup_printf': 0, 'g_message': 0,
    'g_warning': 0, 'g_critical': 0, 'g_error': 0, 'g_debug': 0, 'g_info': 0,
    'g_test_message': 0, 'g_test_skip_printf': 0, 'g_test_fail_printf': 0,
    'fprintf': 1, 'g_fprintf': 1, 'g_string_printf': 1, 'g_string_append_printf': 1,
    'g_prefix_error': 1, 'sqlite3_mprintf': 0,
    'snprintf': 2, 'g_snprintf': 2, 'g_log': 2,
    'g_set_error': 3, 'g_task_return_new_error': 3, 'g_error_new': 2,
    'g_markup_printf_escaped': 0, 'g_output_stream_printf': 4,
}
SQL_WORDS = re.compile(r'\b(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM|VALUES|MATCH|JOIN|ORDER BY)\b')
SHELL = re.compile(r'\b(g_spawn_command_line_sync|g_spawn_command_line_async|system|popen|'
                   r'g_shell_parse_argv)\s*\(|"(/bin/)?sh"\s*,\s*"-c"')
STRING = r'"(?:[^"\\\n]|\\.)*"'
LITERAL = re.compile(r'^\s*(?:(?:' + STRING + r'|[A-Z][A-Z0-9_]*)\s*)+$')
GETTEXT = re.compile(r'^\s*(?:_|N_|C_|NC_|Q_|g_dngettext|ngettext|g_dpgettext2)\s*\(')
TERNARY = re.compile(r'^[^?]*\?(.*):(.*)$', re.S)

def strip_comments(text):
    """Comments become spaces (newlines kept, so line numbers stay); strings are kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1]); i = j + 1
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif text.startswith('//', i):
            j = text.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        else:
            out.append(c); i += 1
    return ''.join(out)

def call_args(text, start):
    """Top-level arguments of the call whose '(' is at start."""
    depth, i, args, cur = 0, start, [], []
    while i < len(text):
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            cur.append(text[i:j + 1]); i = j + 1; continue
        if c in '([{':
            depth += 1
            if depth == 1:
                i += 1; continue
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append(''.join(cur)); return args
        elif c == ',' and depth == 1:
            args.append(''.join(cur)); cur = []; i += 1; continue
        cur.append(c); i += 1
    return None

def constant(arg, names_ok=()):
    """A literal, a translated literal, NULL, or a choice between those."""
    arg = arg.strip()
    if arg in ('NULL', '""') or LITERAL.match(arg) or GETTEXT.match(arg):
        return True
    if any(n in arg for n in names_ok) and re.match(r'^[\w>.-]+$', arg):
        return True
    m = TERNARY.match(arg)
    if m:
        return constant(m.group(1), names_ok) and constant(m.group(2), names_ok)
    return False

def markup_off(path):
    """The file's rows show plain text: use-markup is turned off in it or in its template."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if re.search(r'set_use_markup\s*\([^;]*FALSE\s*\)', text):
        return True
    ui = path[:-2] + '.ui'
    if os.path.exists(ui):
        with open(ui, encoding='utf-8') as f:
            return '"use-markup">False<' in f.read()
    return False

violations = []

def report(path, text, pos, rule, what):
    line = text.count('\n', 0, pos) + 1
    violations.append(f'{os.path.relpath(path)}:{line}: {rule}: {what}')

for root, dirs, files in os.walk(src):
    for name in sorted(files):
        if not name.endswith('.c'):
            continue
        path = os.path.join(root, name)
        with open(path, encoding='utf-8') as f:
            raw = f.read()
        text = strip_comments(raw)
        raw_lines = raw.split('\n')
        in_ui = os.sep + 'ui' + os.sep in path
        in_sql_room = (os.sep + 'store' + os.sep in path or os.sep + 'domain' + os.sep in path
                       or os.sep + 'replay' + os.sep in path)

        def allowed(pos):
            return 'injection-check: ok' in raw_lines[text.count('\n', 0, pos)]

        for m in re.finditer(r'\b([a-z_0-9]+)\s*\(', text):
            fn = m.group(1)
            if text[max(0, m.start() - 1)] in '.>' or allowed(m.start()):
                continue
            args = None
            if in_ui and fn in MARKUP:
                args = call_args(text, m.end() - 1)
                if args and len(args) > MARKUP[fn]:
                    arg = args[MARKUP[fn]]
                    row = fn in ROW_SETTERS and markup_off(path)
                    if not constant(arg, ('escaped', 'markup')) and not row:
                        report(path, text, m.start(), 'markup',
                               f'{fn} () with text that is neither constant nor escaped: '
                               f'{arg.strip()[:60]}')
            if fn in FORMAT:
                args = args or call_args(text, m.end() - 1)
                if args and len(args) > FORMAT[fn]:
                    fmt = args[FORMAT[fn]].strip()
                    if not constant(fmt):
                        report(path, text, m.start(), 'format',
                               f'{fn} () with a format that is not a literal: {fmt[:60]}')
                    elif SQL_WORDS.search(fmt) and '%s' in fmt:
                        for arg in args[FORMAT[fn] + 1:]:
                            if not constant(arg):
                                report(path, text, m.start(), 'sql',
                                       f'{fn} () splices a value into SQL: {arg.strip()[:60]}')
                    if fn == 'sqlite3_mprintf' and '%s' in fmt:
                        report(path, text, m.start(), 'sql', 'sqlite3_mprintf () with %s')
            if fn.startswith('sqlite3_') and not in_sql_room:
                report(path, text, m.start(), 'sql', f'{fn} () outside the store rooms')

        for m in SHELL.finditer(text):
            if not allowed(m.start()):
                report(path, text, m.start(), 'shell', f'{m.group(0).strip()} (spawn argv vectors)')

for v in violations:
    print(v)
if expect >= 0:
    print(f'check-injection: {len(violations)} violation(s), {expect} expected')
    sys.exit(0 if len(violations) == expect else 1)
if violations:
    print(f'check-injection: {len(violations)} violation(s); see HACKING.md, '
          '"Payload text is data"', file=sys.stderr)
    sys.exit(1)
print('check-injection: ok')
PY
