// Package orderedjson holds a JSON object whose members keep their order,
// so that generated case files and reported payloads are written the same
// way every time and list claims in contract order.
package orderedjson

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Member is one member of an Object.
type Member struct {
	Name  string
	Value any
}

// Object is a JSON object whose members keep their order.
type Object []Member

// Get returns the value of the member called name.
func (o Object) Get(name string) (any, bool) {
	for _, m := range o {
		if m.Name == name {
			return m.Value, true
		}
	}
	return nil, false
}

// Set replaces the value of the member called name, or appends the member.
// It returns the changed copy and leaves o as it was.
func (o Object) Set(name string, value any) Object {
	out := make(Object, 0, len(o)+1)
	found := false
	for _, m := range o {
		if m.Name == name {
			m.Value, found = value, true
		}
		out = append(out, m)
	}
	if !found {
		out = append(out, Member{Name: name, Value: value})
	}
	return out
}

// Delete returns a copy of o without the member called name.
func (o Object) Delete(name string) Object {
	out := make(Object, 0, len(o))
	for _, m := range o {
		if m.Name != name {
			out = append(out, m)
		}
	}
	return out
}

// MarshalJSON writes the members in order, without escaping HTML
// characters.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := Marshal(m.Name)
		if err != nil {
			return nil, err
		}
		value, err := Marshal(m.Value)
		if err != nil {
			return nil, fmt.Errorf("member %q: %w", m.Name, err)
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object in member order. Numbers become
// json.Number values, nested objects Object values.
func (o *Object) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return err
	}
	obj, ok := v.(Object)
	if !ok {
		return fmt.Errorf("expected a JSON object, found %T", v)
	}
	*o = obj
	return nil
}

// decodeValue reads one JSON value from dec, keeping the member order of
// objects.
func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		obj := Object{}
		for dec.More() {
			nameTok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			name, _ := nameTok.(string)
			value, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			obj = append(obj, Member{Name: name, Value: value})
		}
		_, err := dec.Token() // the closing brace
		return obj, err
	case json.Delim('['):
		list := []any{}
		for dec.More() {
			item, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			list = append(list, item)
		}
		_, err := dec.Token() // the closing bracket
		return list, err
	}
	return tok, nil
}

// Marshal encodes v as compact JSON without escaping HTML characters.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
