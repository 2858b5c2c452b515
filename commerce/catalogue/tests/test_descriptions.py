"""Product descriptions keep the rich text editor's markup and lose anything that runs."""

import pytest

from commerce.catalogue.descriptions import description_sanitise


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ("<style>body{display:none}</style>Text", "Text"),
        ('<p onclick="alert(1)" style="color:red">Hi</p>', "<p>Hi</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<iframe src="https://evil.example"></iframe>Ok', "Ok"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<a href="data:text/html,x">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ("Tom & Jerry <3", "Tom &amp; Jerry &lt;3"),
    ],
)
def test_what_could_run_is_removed(html, expected):
    assert description_sanitise(html) == expected


def test_the_editor_markup_is_kept():
    html = (
        "<h2>Title</h2><p><strong>Bold</strong>, <em>italic</em><br>line</p>"
        "<blockquote>Quote</blockquote><ul><li>One</li></ul><ol><li>Two</li></ol>"
        '<p><a href="https://example.com/x" title="More">link</a> <a href="/en/y/">here</a></p>'
    )
    cleaned = description_sanitise(html)
    assert cleaned == html.replace(
        '" title="More">', '" title="More" rel="noopener noreferrer nofollow">'
    ).replace('"/en/y/">', '"/en/y/" rel="noopener noreferrer nofollow">')
    assert description_sanitise(cleaned) == cleaned


@pytest.mark.parametrize("value", [None, ""])
def test_empty_values_are_left_alone(value):
    assert description_sanitise(value) == value
