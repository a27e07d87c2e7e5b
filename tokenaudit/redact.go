package tokenaudit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Placeholders that replace values in redacted payloads.
const (
	placeholderString = "<string>"
	placeholderNumber = "<number>"
	placeholderBool   = "<bool>"
)

// redact returns payload with every value replaced by a placeholder of its
// JSON type: member names and the structure of objects and arrays stay,
// and null stays null. It returns nil when payload is not JSON.
func redact(payload []byte) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var out bytes.Buffer
	if err := redactValue(dec, &out); err != nil {
		return nil
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil
	}
	return out.Bytes()
}

// redactValue reads one value from dec and writes its redacted form.
func redactValue(dec *json.Decoder, out *bytes.Buffer) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok := tok.(type) {
	case json.Delim:
		closing := byte('}')
		if tok == '[' {
			closing = ']'
		}
		out.WriteByte(byte(tok))
		for first := true; dec.More(); first = false {
			if !first {
				out.WriteByte(',')
			}
			if tok == '{' {
				name, err := dec.Token()
				if err != nil {
					return err
				}
				data, _ := marshalString(name.(string))
				out.Write(data)
				out.WriteByte(':')
			}
			if err := redactValue(dec, out); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		out.WriteByte(closing)
	case string:
		out.WriteString(`"` + placeholderString + `"`)
	case json.Number:
		out.WriteString(`"` + placeholderNumber + `"`)
	case bool:
		out.WriteString(`"` + placeholderBool + `"`)
	case nil:
		out.WriteString("null")
	}
	return nil
}

// marshalString encodes s as a JSON string without escaping HTML
// characters.
func marshalString(s string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
