"""The Swift literal that scripts/gen_docs_assets.py writes must hold any site text unchanged."""

import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_docs_assets  # noqa: E402


class LiteralTests(unittest.TestCase):
    def test_more_hashes_when_the_text_holds_the_delimiter_or_an_escape(self):
        self.assertEqual(gen_docs_assets.literal("a\n", "x"), '#"""\na\n\n"""#')
        self.assertTrue(gen_docs_assets.literal('say """# then', "x").startswith('##"""'))
        self.assertTrue(gen_docs_assets.literal("path \\#(x) \\##", "x").startswith('###"""'))

    def test_refuses_carriage_returns_with_the_line(self):
        with self.assertRaises(SystemExit) as caught:
            gen_docs_assets.literal("ok\nbad\r\n", "app.js")
        self.assertIn("Site/app.js:2", str(caught.exception))

    def test_swift_reads_the_literal_back_unchanged(self):
        text = 'x = "\\#(y)"; z = """#\n  indented\n\ttab é\n'
        with tempfile.TemporaryDirectory() as tmp:
            main = os.path.join(tmp, "main.swift")
            with open(main, "w", encoding="utf-8") as f:
                f.write("let s = " + gen_docs_assets.literal(text, "t") + "\nprint(s, terminator: \"\")\n")
            out = subprocess.run([os.environ.get("SWIFT", "swift"), main], capture_output=True, check=True).stdout.decode("utf-8")
        self.assertEqual(out, text)


if __name__ == "__main__":
    unittest.main()
