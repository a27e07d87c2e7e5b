package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"github.com/jwtgen/jwtgen/examples/orders/tokens"
	"github.com/jwtgen/jwtgen/runtime"
)

// order is one order as the API returns it.
type order struct {
	ID        string `json:"id"`
	TenantID  string `json:"tenant_id"`
	Region    string `json:"region"`
	Item      string `json:"item"`
	CreatedBy string `json:"created_by"`
	Refunded  bool   `json:"refunded"`
}

// server keeps orders in memory, per tenant.
type server struct {
	verifier *tokens.OrdersAccessVerifier
	logger   *slog.Logger

	mu     sync.Mutex
	orders []order
}

func newServer(verifier *tokens.OrdersAccessVerifier, logger *slog.Logger) *server {
	return &server{verifier: verifier, logger: logger}
}

// routes serves each operation of openapi.yaml under the requirement that
// jwtgen generated from its security: tokens/orders_operations.go.
// RequireToken responds as RFC 6750 §3 describes: 401 for a missing or
// invalid token, 403 for a token without the scopes.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	s.handle(mux, "GET /healthz", "health", http.HandlerFunc(s.health))
	s.handle(mux, "GET /orders", "listOrders", http.HandlerFunc(s.listOrders))
	s.handle(mux, "POST /orders", "createOrder", http.HandlerFunc(s.createOrder))
	s.handle(mux, "POST /orders/{id}/refund", "refundOrder", http.HandlerFunc(s.refundOrder))
	return mux
}

// handle registers h for pattern behind the requirement of the operation
// operationID. It panics when openapi.yaml has no such operation, so that
// a mistyped ID stops the service at startup instead of leaving a route
// unchecked.
func (s *server) handle(mux *http.ServeMux, pattern, operationID string, h http.Handler) {
	op, ok := tokens.OrdersAccessOperationByID(operationID)
	if !ok {
		panic(fmt.Sprintf("orders: openapi.yaml has no operation %q that OrdersAccess tokens can call", operationID))
	}
	if op.Anonymous {
		mux.Handle(pattern, h)
		return
	}
	mux.Handle(pattern, runtime.RequireToken(s.verifier.Verify,
		runtime.WithRealm("orders"),
		runtime.WithScopes(op.Scopes),
		runtime.WithErrorHandler(s.rejected))(h))
}

// rejected logs why a request was rejected, which the response does not
// tell the client, and writes the default response.
func (s *server) rejected(w http.ResponseWriter, r *http.Request, err *runtime.BearerError) {
	s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request rejected",
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", err.Status), slog.String("error", err.Err.Error()))
	runtime.WriteBearerError(w, r, err)
}

// claims returns the verified claims that RequireToken put in the request
// context.
func claims(r *http.Request) *tokens.OrdersAccess {
	c, ok := runtime.ClaimsFrom[*tokens.OrdersAccess](r.Context())
	if !ok {
		panic("orders: handler reached without RequireToken")
	}
	return c
}

func (s *server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *server) listOrders(w http.ResponseWriter, r *http.Request) {
	tenant := claims(r).TenantID
	s.mu.Lock()
	tenantOrders := []order{}
	for _, o := range s.orders {
		if o.TenantID == tenant {
			tenantOrders = append(tenantOrders, o)
		}
	}
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, tenantOrders)
}

func (s *server) createOrder(w http.ResponseWriter, r *http.Request) {
	var request struct {
		Item string `json:"item"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&request); err != nil || request.Item == "" {
		http.Error(w, `the body must be a JSON object with a non-empty "item"`, http.StatusBadRequest)
		return
	}

	c := claims(r)
	s.mu.Lock()
	created := order{
		ID:        strconv.Itoa(len(s.orders) + 1),
		TenantID:  c.TenantID,
		Region:    string(c.Region),
		Item:      request.Item,
		CreatedBy: c.Subject,
	}
	s.orders = append(s.orders, created)
	s.mu.Unlock()

	s.logger.Info("order created", "order", created.ID, "tenant", created.TenantID)
	writeJSON(w, http.StatusCreated, created)
}

func (s *server) refundOrder(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	tenant := claims(r).TenantID

	s.mu.Lock()
	var refunded *order
	for i := range s.orders {
		if s.orders[i].ID == id && s.orders[i].TenantID == tenant {
			s.orders[i].Refunded = true
			refunded = &s.orders[i]
			break
		}
	}
	var body order
	if refunded != nil {
		body = *refunded
	}
	s.mu.Unlock()

	if refunded == nil {
		http.Error(w, "order not found", http.StatusNotFound)
		return
	}
	s.logger.Info("order refunded", "order", body.ID, "tenant", body.TenantID)
	writeJSON(w, http.StatusOK, body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
