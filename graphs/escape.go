package graphs

import (
	"strings"
	"unicode/utf8"

	"github.com/emicklei/dot"
)

// escapeHTML makes s safe inside a Graphviz HTML-like label. Markup
// characters become entities, a newline becomes a line break, and other
// control characters and invalid UTF-8 become U+FFFD, because Graphviz
// rejects them or draws them as nothing, hiding what the label said.
func escapeHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteRune(utf8.RuneError)
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '\n':
			b.WriteString("<BR/>")
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// html wraps already escaped markup for emicklei/dot, which writes it
// between angle brackets without touching it.
func html(markup string) dot.HTML { return dot.HTML(markup) }

// text is a label showing s literally.
func text(s string) dot.HTML { return html(escapeHTML(s)) }

// font wraps escaped markup in a FONT element; empty attributes are left
// out.
func font(markup, color string, size int, bold bool) string {
	if bold {
		markup = "<B>" + markup + "</B>"
	}
	attrs := ""
	if color != "" {
		attrs += ` COLOR="` + color + `"`
	}
	if size > 0 {
		attrs += ` POINT-SIZE="` + itoa(size) + `"`
	}
	if attrs == "" {
		return markup
	}
	return "<FONT" + attrs + ">" + markup + "</FONT>"
}
