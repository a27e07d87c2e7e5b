package claimschema

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// object is a JSON object whose members keep the order in which they were
// set, so that every schema is written in the same order as the contract.
type object struct {
	members []member
}

type member struct {
	key   string
	value any
}

// set appends the member key with value. Keys are set once each.
func (o *object) set(key string, value any) {
	o.members = append(o.members, member{key: key, value: value})
}

// encode writes v as indented JSON: two spaces per level, and a final
// newline. v is built from *object, []any, []string, string, bool, int64
// and float64 values.
func encode(v any) ([]byte, error) {
	var compact bytes.Buffer
	if err := appendValue(&compact, v); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// appendValue writes v to buf as compact JSON.
func appendValue(buf *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case *object:
		buf.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := appendScalar(buf, m.key); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := appendValue(buf, m.value); err != nil {
				return fmt.Errorf("%s: %w", m.key, err)
			}
		}
		buf.WriteByte('}')
		return nil
	case []any:
		buf.WriteByte('[')
		for i, item := range v {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := appendValue(buf, item); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case []string:
		items := make([]any, len(v))
		for i, s := range v {
			items[i] = s
		}
		return appendValue(buf, items)
	case string, bool, int64, float64:
		return appendScalar(buf, v)
	}
	return fmt.Errorf("claimschema: cannot encode %T", v)
}

// appendScalar writes a string, bool or number. Unlike json.Marshal, it
// leaves <, > and & unescaped, because patterns often contain them and the
// output is never embedded in HTML.
func appendScalar(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // the newline that Encode appends
	return nil
}
