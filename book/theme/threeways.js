// Three Ways to Wait: each code group (one panel per style) as tabs, or
// side by side where the page is wide enough. The reader's choices (which
// style, which layout) are kept in localStorage, so they carry across pages.
//
// A group is any number of panels (`.tw-panel`, each with `data-style` and
// a `.tw-panel-title`); nothing here counts to three. Without this script
// the panels stand one under the other, each under its title.
(function () {
    'use strict';

    var STYLE = 'threeways-style';
    var LAYOUT = 'threeways-layout';

    function load(key) {
        try {
            return window.localStorage.getItem(key);
        } catch (e) {
            return null; // storage may be off; the page still works
        }
    }

    function save(key, value) {
        try {
            window.localStorage.setItem(key, value);
        } catch (e) {
            // Nothing to remember it in; this page still follows the choice.
        }
    }

    var groups = Array.prototype.slice.call(document.querySelectorAll('.tw-group'));
    if (groups.length === 0) {
        return;
    }

    function panelsOf(group) {
        return Array.prototype.filter.call(group.children, function (child) {
            return child.classList.contains('tw-panel');
        });
    }

    // Shows `style` in every group that has it; a group without it keeps
    // what it showed.
    function choose(style, remember) {
        groups.forEach(function (group) {
            var panels = panelsOf(group);
            var chosen = panels.filter(function (p) {
                return p.dataset.style === style;
            })[0];
            if (!chosen) {
                chosen = panels.filter(function (p) {
                    return p.classList.contains('tw-chosen');
                })[0] || panels[0];
            }
            panels.forEach(function (panel) {
                panel.classList.toggle('tw-chosen', panel === chosen);
            });
            group.querySelectorAll('.tw-tab').forEach(function (tab) {
                var on = tab.dataset.style === chosen.dataset.style;
                tab.setAttribute('aria-selected', on ? 'true' : 'false');
                tab.tabIndex = on ? 0 : -1;
            });
        });
        if (remember) {
            save(STYLE, style);
        }
    }

    function sideBySide(on, remember) {
        document.documentElement.classList.toggle('tw-side-by-side', on);
        document.querySelectorAll('.tw-layout').forEach(function (button) {
            button.setAttribute('aria-pressed', on ? 'true' : 'false');
            button.textContent = on ? 'one at a time' : 'side by side';
            button.title = on
                ? 'Show one style at a time, as tabs'
                : 'Show the styles next to each other, in columns';
        });
        if (remember) {
            save(LAYOUT, on ? 'side-by-side' : 'tabs');
        }
    }

    groups.forEach(function (group) {
        var bar = document.createElement('div');
        bar.className = 'tw-bar';
        var tabs = document.createElement('div');
        tabs.className = 'tw-tabs';
        tabs.setAttribute('role', 'tablist');
        var panels = panelsOf(group);
        panels.forEach(function (panel, i) {
            var tab = document.createElement('button');
            tab.type = 'button';
            tab.className = 'tw-tab';
            tab.id = group.id + '-tab-' + i;
            tab.dataset.style = panel.dataset.style;
            tab.setAttribute('role', 'tab');
            var title = panel.querySelector('.tw-panel-title');
            tab.textContent = title ? title.textContent : panel.dataset.style;
            panel.setAttribute('role', 'tabpanel');
            panel.setAttribute('aria-labelledby', tab.id);
            tab.addEventListener('click', function () {
                choose(panel.dataset.style, true);
            });
            // Arrow keys move between the tabs, as in any tab list.
            tab.addEventListener('keydown', function (event) {
                var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
                if (!step) {
                    return;
                }
                var next = panels[(i + step + panels.length) % panels.length];
                choose(next.dataset.style, true);
                group.querySelector('.tw-tab[aria-selected="true"]').focus();
                event.preventDefault();
            });
            tabs.appendChild(tab);
        });
        var layout = document.createElement('button');
        layout.type = 'button';
        layout.className = 'tw-layout';
        layout.addEventListener('click', function () {
            var on = !document.documentElement.classList.contains('tw-side-by-side');
            sideBySide(on, true);
            // Keep the group the reader clicked in view: the page above it
            // changes height when every group changes layout.
            group.scrollIntoView({ block: 'nearest' });
        });
        bar.appendChild(tabs);
        bar.appendChild(layout);
        group.insertBefore(bar, group.firstChild);
        group.classList.add('tw-ready');
    });

    choose(load(STYLE), false);
    // Side by side is the point of the book: it is where a reader starts,
    // on a page wide enough for it (the stylesheet decides that).
    sideBySide(load(LAYOUT) !== 'tabs', false);
})();
