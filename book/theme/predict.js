// Three Ways to Wait: "predict the output" on the page. Each form
// (`.tw-predict`, written by the book's `{{#predict ID}}`) holds the
// program's real output in `data-prediction`: its lines with their times,
// the lines it never writes, its total, and the mistakes its explanations
// foresee. The reader orders the lines, takes out those never written,
// gives the total, and checks.
//
// `check` below says what `Prediction::check` says (crates/present/src/
// prediction.rs), sentence for sentence, and picks the same explanation;
// the browser test (crates/browser) compares the two on every known-wrong
// answer. Keep them in step. The one difference: a total not given yet is
// asked for in the form's words, not the text file's. Like the checker, a
// failed check names the first line out of place and the belief behind
// it, never the line that belongs there nor a time; after `revealAfter`
// different wrong tries the answer opens.
(function () {
    'use strict';

    var forms = Array.prototype.slice.call(document.querySelectorAll('.tw-predict[data-prediction]'));
    if (forms.length === 0) {
        return;
    }

    function quoted(text) {
        return '\u201c' + text + '\u201d';
    }

    function ms(millis) {
        return millis + ' ms';
    }

    // What the program writes, and when: `null` for a line it never writes.
    function timeOf(p, line) {
        for (var i = 0; i < p.written.length; i++) {
            if (p.written[i].text === line) {
                return p.written[i].at;
            }
        }
        return null;
    }

    // The first foreseen mistake that `matches`, as its index.
    function mistake(p, matches) {
        for (var i = 0; i < p.mistakes.length; i++) {
            if (matches(p.mistakes[i])) {
                return String(i);
            }
        }
        return null;
    }

    function orderExplanation(p, lines, line, want) {
        var shown = function (m) {
            if (!m.before) {
                return false;
            }
            var a = lines.indexOf(m.before[0]);
            var b = lines.indexOf(m.before[1]);
            return a >= 0 && b >= 0 && a < b;
        };
        var about = function (m) {
            return m.before && (m.before[0] === line || m.before[1] === want);
        };
        var both = mistake(p, function (m) {
            return shown(m) && about(m);
        });
        return both !== null ? both : mistake(p, shown);
    }

    function sameList(a, b) {
        return a.length === b.length && a.every(function (x, i) {
            return x === b[i];
        });
    }

    // `{kind, sentence, explain}`: `explain` is the key of an explanation
    // (a mistake's index, or `why`), or null.
    function check(p, lines, total) {
        var wrong = function (sentence, explain) {
            return {kind: 'wrong', sentence: sentence, explain: explain};
        };
        if (total === null && sameList(lines, p.candidates)) {
            return {
                kind: 'not-started',
                sentence: 'Put the lines in the order the program writes them, and give its total virtual time.',
                explain: null
            };
        }
        for (var i = 0; i < lines.length; i++) {
            var line = lines[i];
            if (timeOf(p, line) === null && p.never.indexOf(line) < 0) {
                return wrong('Your line ' + (i + 1) + ' is ' + quoted(line) + ', which is not a line of this program: keep each line as it is, and change only the order.', null);
            }
            if (lines.slice(0, i).indexOf(line) >= 0) {
                return wrong(quoted(line) + ' is in your prediction twice; the program writes a line once at most.', null);
            }
        }
        for (var n = 0; ; n++) {
            var got = n < lines.length ? lines[n] : null;
            var want = n < p.written.length ? p.written[n] : null;
            if (got !== null && want !== null && got === want.text) {
                continue;
            }
            if (got !== null && p.never.indexOf(got) >= 0) {
                return wrong('Your line ' + (n + 1) + ' is ' + quoted(got) + ', but the program never writes it.',
                    mistake(p, function (m) { return m.kept === got; }));
            }
            if (got !== null && want !== null) {
                // The line put too early is named, never the one that
                // belongs there, nor any time.
                var leftOut = lines.indexOf(want.text) < 0;
                var sentence = 'Your line ' + (n + 1) + ' is ' + quoted(got) +
                    ', but the program writes another line before it' +
                    (leftOut ? ', one your prediction leaves out' : '') + '.';
                var leftOutKey = mistake(p, function (m) { return m.leftOut === want.text; });
                var key = leftOutKey !== null && leftOut
                    ? leftOutKey
                    : orderExplanation(p, lines, got, want.text);
                return key !== null
                    ? wrong(sentence, key)
                    : wrong(sentence + ' What must happen before ' + quoted(got) + ' can be written?', null);
            }
            if (got === null && want !== null) {
                var before = n > 0 ? lines[n - 1] : null;
                var count = p.written.length === 1 ? '1 line' : p.written.length + ' lines';
                var said = before !== null
                    ? 'After ' + quoted(before) + ', the program writes more, which your prediction leaves out.'
                    : 'Your prediction has no lines; the program writes ' + count + '.';
                return wrong(said, mistake(p, function (m) { return m.leftOut === want.text; }));
            }
            break;
        }
        if (total === null) {
            return wrong('Every line is in its place. Now give the program\'s total virtual time.', null);
        }
        if (total === p.total) {
            return {
                kind: 'right',
                sentence: 'Every line is in its place, and the program takes ' + ms(p.total) + '.',
                explain: 'why'
            };
        }
        var short = total < p.total;
        var how = short ? 'too short' : 'too long';
        var ask = short
            ? 'Which waits did you let overlap that take turns?'
            : 'Which waits did you count one after another that overlap?';
        var key = mistake(p, function (m) { return m.total === total; });
        var base = 'Every line is in its place, but a total of ' + ms(total) + ' is ' + how + '.';
        return wrong(key !== null ? base : base + ' ' + ask, key);
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
