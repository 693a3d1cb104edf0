// Three Ways to Wait: "predict the output" on the page. Each form
// (`.tw-predict`, written by the book's `{{#predict ID}}`) holds in
// `data-prediction` every verdict it can give, worked out at build time by
// `Prediction::verdicts` (crates/present/src/prediction.rs), the table
// `exercise check` looks its own verdicts up in. The reader orders the
// lines, takes out those never written, gives the total, and checks; this
// script only reads the answer's shape (where it first differs from the
// program, whether it drops the line the program writes there, which
// foreseen orders it shows, its total) and looks the verdict up, as
// `Verdicts::look_up` does. The browser test (crates/browser) runs every
// known answer on the page against the checker's words. Like the checker,
// a failed check names the first line out of place and the belief behind
// it, never the line that belongs there nor a time; after `revealAfter`
// different wrong tries the answer opens.
//
// For a reader with a keyboard or a screen reader: after every button the
// focus stays in the form, on the button that does the next likely thing
// (a moved line's same arrow, the next line's ✕, a line put back); each
// move is said aloud in a live region of its own, and the verdict in
// another. The reader's answer (the order, the lines taken out, the total)
// is kept in localStorage, so a reload or a visit to another page keeps it.
(function () {
    'use strict';

    var forms = Array.prototype.slice.call(document.querySelectorAll('.tw-predict[data-prediction]'));
    if (forms.length === 0) {
        return;
    }

    function quoted(text) {
        return '\u201c' + text + '\u201d';
    }

    // The reader's answer to prediction `id`, kept across reloads. Storage
    // may be refused (a private window, a full quota): the form then works
    // as before, and forgets.
    function storageKey(id) {
        return 'threeways-predict-' + id;
    }

    function recall(id) {
        try {
            var kept = window.localStorage.getItem(storageKey(id));
            return kept === null ? null : JSON.parse(kept);
        } catch (e) {
            return null;
        }
    }

    function remember(id, answer) {
        try {
            window.localStorage.setItem(storageKey(id), JSON.stringify(answer));
        } catch (e) {
            // Not kept: see `recall`.
        }
    }

    // A kept answer that still fits the program: the same lines, each once
    // (the program may have changed since it was kept).
    function fits(p, answer) {
        if (!answer || !Array.isArray(answer.kept) || !Array.isArray(answer.dropped)) {
            return false;
        }
        var all = answer.kept.concat(answer.dropped);
        return all.length === p.candidates.length && p.candidates.every(function (line) {
            return all.indexOf(line) >= 0;
        });
    }

    function sameList(a, b) {
        return a.length === b.length && a.every(function (x, i) {
            return x === b[i];
        });
    }

    // The verdict on `lines` (each a line of the program, once) and
    // `total` (`null` until given): `{kind, sentence, explain}`, where
    // `explain` is the key of an explanation (a mistake's place, or
    // `why`), or null. `Verdicts::look_up`, in the form's words.
    function check(p, lines, total) {
        if (total === null && sameList(lines, p.candidates)) {
            return p.saids[p.notStarted];
        }
        var n = 0;
        while (n < lines.length && n < p.written.length && lines[n] === p.written[n]) {
            n++;
        }
        if (n < lines.length) {
            var leftOut = n >= p.written.length || lines.indexOf(p.written[n]) < 0;
            var mask = 0;
            p.orders.forEach(function (order, bit) {
                var a = lines.indexOf(order[0]);
                var b = lines.indexOf(order[1]);
                if (a >= 0 && b >= 0 && a < b) {
                    mask |= 1 << bit;
                }
            });
            var choices = p.misplaced[n][lines[n]][leftOut ? 1 : 0];
            return p.saids[mask < choices.length ? choices[mask] : choices[0]];
        }
        if (n < p.endsEarly.length) {
            return p.saids[p.endsEarly[n]];
        }
        if (total === null) {
            return p.saids[p.noTotal];
        }
        for (var i = 0; i < p.totals.length; i++) {
            if (p.totals[i][0] === total) {
                return p.saids[p.totals[i][1]];
            }
        }
        var other = p.saids[p.otherTotal[total > p.total ? 1 : 0]];
        return {
            kind: other.kind,
            sentence: other.sentence.replace(p.totalMark, String(total)),
            explain: other.explain
        };
    }

    function button(text, label, onClick) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = text;
        b.setAttribute('aria-label', label);
        b.addEventListener('click', onClick);
        return b;
    }

    function setUp(form) {
        var p = JSON.parse(form.dataset.prediction);
        var kept = p.candidates.slice();
        var dropped = [];
        var list = form.querySelector('.tw-predict-lines');
        var never = document.createElement('p');
        never.className = 'tw-predict-never';
        var total = document.createElement('input');
        total.type = 'number';
        total.min = '0';
        total.step = '1';
        total.className = 'tw-predict-total';
        var label = document.createElement('label');
        label.className = 'tw-predict-total-label';
        label.append('Total virtual time: ', total, ' ms');
        var verdict = document.createElement('div');
        verdict.className = 'tw-predict-verdict';
        verdict.setAttribute('role', 'status');
        verdict.setAttribute('aria-live', 'polite');
        verdict.setAttribute('aria-atomic', 'true');
        var checkButton = document.createElement('button');
        checkButton.type = 'button';
        checkButton.className = 'tw-predict-check';
        checkButton.textContent = 'Check';
        // Says each move aloud: a live region apart from the verdict's, so
        // a move does not wipe out what the last check said.
        var announcer = document.createElement('p');
        announcer.className = 'tw-predict-announce tw-visually-hidden';
        announcer.setAttribute('aria-live', 'polite');
        form.append(never, label, checkButton, verdict, announcer);

        var answer = recall(p.id);
        if (fits(p, answer)) {
            kept = answer.kept.slice();
            dropped = answer.dropped.slice();
            total.value = answer.total === null || answer.total === undefined ? '' : String(answer.total);
        }

        function save() {
            remember(p.id, {
                kept: kept,
                dropped: dropped,
                total: total.value.trim() === '' ? null : Number(total.value)
            });
        }
        total.addEventListener('input', save);

        function announce(text) {
            announcer.textContent = text;
        }

        function place(i) {
            return 'line ' + (i + 1) + ' of ' + kept.length;
        }

        // After a redraw the old buttons are gone: focus the one at `css` on
        // line `i` (clamped to the list), or `fallback` if the list is empty.
        function focusLine(i, css, fallback) {
            var items = list.children;
            if (items.length === 0) {
                fallback.focus();
                return;
            }
            var item = items[Math.max(0, Math.min(i, items.length - 1))];
            item.querySelector(css).focus();
        }

        function draw() {
            list.textContent = '';
            kept.forEach(function (line, i) {
                var item = document.createElement('li');
                item.className = 'tw-predict-line';
                var code = document.createElement('code');
                code.textContent = line;
                var move = function (by) {
                    return function () {
                        var to = i + by;
                        if (to < 0 || to >= kept.length) {
                            return;
                        }
                        kept.splice(i, 1);
                        kept.splice(to, 0, line);
                        draw();
                        focusLine(to, by < 0 ? '.tw-up' : '.tw-down', checkButton);
                        announce(quoted(line) + ' moved to ' + place(to) + '.');
                    };
                };
                var up = button('\u2191', 'move up: ' + line, move(-1));
                up.className = 'tw-up';
                var down = button('\u2193', 'move down: ' + line, move(1));
                down.className = 'tw-down';
                var drop = button('\u2715', 'never written: ' + line, function () {
                    kept.splice(i, 1);
                    dropped.push(line);
                    draw();
                    // The line that took its place, or the one before it at
                    // the end of the list; with none left, its put back.
                    var backs = never.querySelectorAll('.tw-back');
                    focusLine(i, '.tw-drop', backs[backs.length - 1]);
                    announce(quoted(line) + ' taken out: never written. ' + kept.length + ' lines left.');
                });
                drop.className = 'tw-drop';
                item.append(up, down, drop, ' ', code);
                list.appendChild(item);
            });
            never.textContent = '';
            if (dropped.length > 0) {
                never.append('Never written: ');
                dropped.forEach(function (line, i) {
                    var back = button(line + ' \u21ba', 'put back: ' + line, function () {
                        dropped.splice(i, 1);
                        kept.push(line);
                        draw();
                        // Back at the end of the list: on its ↑, the way it
                        // will most likely move next.
                        focusLine(kept.length - 1, '.tw-up', checkButton);
                        announce(quoted(line) + ' put back, as ' + place(kept.length - 1) + '.');
                    });
                    back.className = 'tw-back';
                    never.append(back, ' ');
                });
            }
            save();
        }

        function explanation(key) {
            var found = document.querySelector(
                '.tw-predict-explain[data-for="' + p.id + '"][data-explain="' + key + '"]');
            return found ? found.innerHTML : '';
        }

        // The different wrong answers checked so far: after
        // `p.revealAfter` of them the answer opens, as `exercise check`
        // shows it after as many.
        var tries = [];

        checkButton.addEventListener('click', function () {
            var given = total.value.trim() === '' ? null : Number(total.value);
            var said = check(p, kept.slice(), given);
            var tried = JSON.stringify([kept, given]);
            if (said.kind === 'wrong' && tries.indexOf(tried) < 0) {
                tries.push(tried);
            }
            var reveal = said.kind === 'wrong' && tries.length >= p.revealAfter;
            verdict.textContent = '';
            verdict.className = 'tw-predict-verdict tw-predict-' + said.kind;
            var sentence = document.createElement('p');
            sentence.className = 'tw-predict-sentence';
            sentence.textContent = (said.kind === 'right' ? '\u2713 ' : said.kind === 'wrong' ? '\u2717 ' : '') + said.sentence;
            verdict.appendChild(sentence);
            if (said.explain !== null) {
                var more = document.createElement('div');
                more.className = 'tw-predict-explanation';
                more.innerHTML = explanation(said.explain);
                verdict.appendChild(more);
            }
            if (reveal) {
                var shown = document.createElement('p');
                shown.className = 'tw-predict-revealed';
                shown.textContent = p.revealed + ' It is open below the form.';
                verdict.appendChild(shown);
            }
            if (said.kind === 'right' || reveal) {
                var answer = document.querySelector('.tw-predict-answer[data-for="' + p.id + '"]');
                if (answer) {
                    answer.open = true;
                }
            }
        });

        // For the browser test: put the form in a given state, with no
        // tries counted yet unless `keepTries`.
        form.twPredictSet = function (lines, givenTotal, keepTries) {
            if (!keepTries) {
                tries = [];
            }
            kept = lines.slice();
            dropped = p.candidates.filter(function (line) {
                return lines.indexOf(line) < 0;
            });
            total.value = givenTotal === null ? '' : String(givenTotal);
            draw();
        };

        draw();
    }

    forms.forEach(setUp);
})();
