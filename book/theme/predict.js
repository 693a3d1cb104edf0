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
(function () {
    'use strict';

    var forms = Array.prototype.slice.call(document.querySelectorAll('.tw-predict[data-prediction]'));
    if (forms.length === 0) {
        return;
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
        var checkButton = document.createElement('button');
        checkButton.type = 'button';
        checkButton.className = 'tw-predict-check';
        checkButton.textContent = 'Check';
        form.append(never, label, checkButton, verdict);

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
                        list.children[to].querySelector(by < 0 ? '.tw-up' : '.tw-down').focus();
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
                    });
                    back.className = 'tw-back';
                    never.append(back, ' ');
                });
            }
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
