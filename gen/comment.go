package gen

import (
	"strings"

	"github.com/dave/jennifer/jen"
)

// commentWidth is the number of characters of comment text on one line,
// after the "// " marker, so that comments of struct fields fit in 80
// columns with one tab of indentation.
const commentWidth = 72

// comment returns a "//" comment block of the paragraphs, each wrapped at
// commentWidth and separated by an empty comment line. Empty paragraphs
// are left out. A paragraph that contains line breaks, such as a YAML
// block scalar, keeps its lines as written.
func comment(paragraphs ...string) *jen.Statement {
	var lines []string
	for _, para := range paragraphs {
		// Leading spaces stay, as they indent a list in a doc comment.
		para = strings.TrimRight(strings.Trim(para, "\n"), " \t\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		if len(lines) > 0 {
			lines = append(lines, "//")
		}
		if strings.Contains(para, "\n") {
			for _, line := range strings.Split(para, "\n") {
				lines = append(lines, strings.TrimRight("// "+line, " \t"))
			}
			continue
		}
		lines = append(lines, wrap(para)...)
	}
	// jennifer writes a comment that starts with "//" as it is.
	return jen.Comment(strings.Join(lines, "\n"))
}

// wrap splits text into "// " lines of at most commentWidth characters,
// breaking at spaces. A word longer than the width gets a line of its own.
func wrap(text string) []string {
	var lines []string
	var line strings.Builder
	for _, word := range strings.Fields(text) {
		if line.Len() > 0 && line.Len()+1+len(word) > commentWidth {
			lines = append(lines, "// "+line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 {
		lines = append(lines, "// "+line.String())
	}
	return lines
}

// paragraphs splits a description from the contract into paragraphs at
// empty lines.
func paragraphs(description string) []string {
	description = strings.ReplaceAll(description, "\r\n", "\n")
	var out []string
	for _, para := range strings.Split(description, "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, para)
		}
	}
	return out
}
