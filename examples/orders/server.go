package main

import (
	"encoding/json"
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

// routes sets the scope requirement of each route. RequireToken responds
// as RFC 6750 §3 describes: 401 for a missing or invalid token, 403 for a
// token without the scopes.
func (s *server) routes() http.Handler {
	require := func(scopes runtime.ScopeRequirement) func(http.Handler) http.Handler {
		return runtime.RequireToken(s.verifier.Verify,
			runtime.WithRealm("orders"),
			runtime.WithScopes(scopes),
			runtime.WithErrorHandler(s.rejected))
	}
	read := require(runtime.AnyOf(
		runtime.AllOf(tokens.OrdersAccessScopeOrdersRead),
		runtime.AllOf(tokens.OrdersAccessScopeOrdersWrite)))
	write := require(runtime.AnyOf(
		runtime.AllOf(tokens.OrdersAccessScopeOrdersWrite)))
	refund := require(runtime.AnyOf(
		runtime.AllOf(tokens.OrdersAccessScopeOrdersWrite, tokens.OrdersAccessScopeOrdersRefund)))

	mux := http.NewServeMux()
	mux.Handle("GET /orders", read(http.HandlerFunc(s.listOrders)))
	mux.Handle("POST /orders", write(http.HandlerFunc(s.createOrder)))
	mux.Handle("POST /orders/{id}/refund", refund(http.HandlerFunc(s.refundOrder)))
	return mux
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
