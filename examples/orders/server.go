package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/jwtgen/jwtgen/examples/orders/tokens"
)

// order is one order as the API returns it.
type order struct {
	ID        string `json:"id"`
	TenantID  string `json:"tenant_id"`
	Region    string `json:"region"`
	Item      string `json:"item"`
	CreatedBy string `json:"created_by"`
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

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders", s.authorize(tokens.OrdersAccessScopeOrdersRead, s.listOrders))
	mux.HandleFunc("POST /orders", s.authorize(tokens.OrdersAccessScopeOrdersWrite, s.createOrder))
	return mux
}

// authorize verifies the bearer token of the request and checks that it
// grants scope before it calls next with the typed claims. It responds as
// RFC 6750 §3 describes: 401 for a missing or invalid token, 403 for a
// token without the scope.
func (s *server) authorize(scope string, next func(http.ResponseWriter, *http.Request, *tokens.OrdersAccess)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, ok := bearerToken(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="orders"`)
			http.Error(w, "missing bearer token", http.StatusUnauthorized)
			return
		}

		claims, err := s.verifier.Verify(r.Context(), raw)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="orders", error="invalid_token"`)
			http.Error(w, "invalid token", http.StatusUnauthorized)
			return
		}

		if !claims.HasScope(scope) {
			w.Header().Set("WWW-Authenticate",
				fmt.Sprintf(`Bearer realm="orders", error="insufficient_scope", scope=%q`, scope))
			http.Error(w, "insufficient scope", http.StatusForbidden)
			return
		}
		next(w, r, claims)
	}
}

// bearerToken returns the token of an "Authorization: Bearer" header. The
// scheme name is case-insensitive (RFC 9110 §11.1).
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return "", false
	}
	return token, true
}

func (s *server) listOrders(w http.ResponseWriter, _ *http.Request, claims *tokens.OrdersAccess) {
	s.mu.Lock()
	tenantOrders := []order{}
	for _, o := range s.orders {
		if o.TenantID == claims.TenantID {
			tenantOrders = append(tenantOrders, o)
		}
	}
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, tenantOrders)
}

func (s *server) createOrder(w http.ResponseWriter, r *http.Request, claims *tokens.OrdersAccess) {
	var request struct {
		Item string `json:"item"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&request); err != nil || request.Item == "" {
		http.Error(w, `the body must be a JSON object with a non-empty "item"`, http.StatusBadRequest)
		return
	}

	s.mu.Lock()
	created := order{
		ID:        strconv.Itoa(len(s.orders) + 1),
		TenantID:  claims.TenantID,
		Region:    string(claims.Region),
		Item:      request.Item,
		CreatedBy: claims.Subject,
	}
	s.orders = append(s.orders, created)
	s.mu.Unlock()

	s.logger.Info("order created", "order", created.ID, "tenant", created.TenantID)
	writeJSON(w, http.StatusCreated, created)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
