"""The markup checks (markup.py) can fail, and agree with the browser's on what they both see."""

from .markup import markup_problems

PAGE = """<!DOCTYPE html><html lang="en"><head><title>A page</title></head><body>
<a class="skip-link" href="#main">Skip</a><header><nav>n</nav></header>
<main id="main"><h1>Title</h1>{body}</main><footer>f</footer></body></html>"""


def test_a_well_formed_page_has_no_problem():
    body = """<label for="a">Name</label><input id="a" name="a">
    <label>Kind <select name="k"><option>x</option></select></label>
    <span id="l">Comment</span><textarea aria-labelledby="l"></textarea>
    <input type="hidden" name="csrf"><button type="submit">Save</button>
    <div class="d-none"><input name="unseen"></div>
    <details><summary>More</summary><input name="closed"></details>"""
    assert markup_problems(PAGE.format(body=body)) == ([], "A page")


def test_each_kind_of_problem_is_reported():
    body = """<h1>Second</h1><input name="bare"><label for="b" class="visually-hidden">Hidden</label>
    <input id="b" name="b"><label for="c"> </label><input id="c" name="c">
    <details open><summary>Open</summary><input name="shown"></details>"""
    problems, _title = markup_problems(PAGE.format(body=body).replace('href="#main"', 'href="#nowhere"'))
    assert "2 <h1> elements (want 1)" in problems
    assert "no working skip link target" in problems
    unlabelled = [p for p in problems if p.startswith("control without a visible label")]
    assert [p.split('name="')[1].split('"')[0] for p in unlabelled] == ["bare", "b", "c", "shown"]


def test_missing_landmarks_are_reported():
    problems, _title = markup_problems("<html><head><title>t</title></head><body><h1>x</h1></body></html>")
    assert {"no <header> landmark", "no <nav> landmark", "no <main> landmark", "no <footer> landmark"} <= set(problems)
