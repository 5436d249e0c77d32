package api

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lawkb/lawkb/search"
)

// metrics are the server's Prometheus series, on a registry of its own so
// that several servers in one test process do not collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	searches *prometheus.CounterVec
	swaps    prometheus.Counter
	panics   prometheus.Counter
	// rejected counts the requests turned away before any work: overload
	// (503), rate limits (429), keys (401, 403).
	rejected *prometheus.CounterVec
	inFlight prometheus.Gauge
	queued   prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lawkb_http_requests_total", Help: "HTTP responses by route template, status and client (key name or anonymous), errors and panics included.",
		}, []string{"method", "route", "status", "client"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lawkb_http_request_duration_seconds",
			Help:    "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lawkb_search_queries_total", Help: "Searches by plan (all, any, list) and whether they hit.",
		}, []string{"plan", "hit"}),
		swaps: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "lawkb_index_swaps_total", Help: "Index generations swapped in.",
		}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "lawkb_http_panics_total", Help: "Handlers that panicked (answered 500).",
		}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lawkb_http_rejected_total", Help: "Requests turned away before any work, by reason: overload, rate, ip_rate, key, endpoint, admin_attempts.",
		}, []string{"reason", "client"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "lawkb_admission_in_flight", Help: "Searches, suggestions and pages being answered now.",
		}),
		queued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "lawkb_admission_queued", Help: "Requests waiting for a slot.",
		}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.searches, m.swaps, m.panics, m.rejected, m.inFlight, m.queued,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
}

// cacheStats reads the counters of one result cache.
type cacheStats func() search.CacheStats

// registerCaches exports the result caches' hits, misses and size, by
// cache (search, suggest): their hit rate is hits / (hits + misses).
func (m *metrics) registerCaches(caches map[string]cacheStats) {
	for name, stats := range caches {
		labels := prometheus.Labels{"cache": name}
		m.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "lawkb_cache_hits_total", Help: "Answers served from the result cache.",
				ConstLabels: labels}, func() float64 { return float64(stats().Hits) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "lawkb_cache_misses_total", Help: "Answers computed and put in the result cache.",
				ConstLabels: labels}, func() float64 { return float64(stats().Misses) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "lawkb_cache_bytes", Help: "Estimated bytes the result cache holds.",
				ConstLabels: labels}, func() float64 { return float64(stats().Bytes) }),
		)
	}
}
