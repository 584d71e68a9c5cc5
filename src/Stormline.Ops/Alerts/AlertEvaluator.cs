using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Stormline.Ops.Alerts;

/// <summary>
/// Runs the rules against an <see cref="AlertContext"/> and keeps each alert's Prometheus-style state
/// (pending → firing after <c>for</c> → resolved). Transitions to firing and resolved are logged and, when
/// <see cref="AlertOptions.WebhookUrl"/> is set, POSTed as Alertmanager webhook JSON.
/// Thread-safe: evaluations are serialised; <see cref="Alerts"/> is an immutable list replaced per evaluation.
/// </summary>
public sealed class AlertEvaluator
{
    private readonly AlertOptions _options;
    private readonly AlertWebhook? _webhook;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Alert> _active = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<Alert> _alerts = [];

    public AlertEvaluator(AlertOptions options, ILogger<AlertEvaluator>? logger = null, HttpClient? http = null)
        : this(DefaultAlertRules.Create(options), options, logger, http)
    {
    }

    public AlertEvaluator(IEnumerable<AlertRule> rules, AlertOptions options, ILogger<AlertEvaluator>? logger = null, HttpClient? http = null)
    {
        Rules = rules.ToList();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _webhook = options.WebhookUrl is null ? null : new AlertWebhook(options.WebhookUrl, http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, _logger);
    }

    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>Pending, firing and recently resolved alerts, firing first.</summary>
    public IReadOnlyList<Alert> Alerts => _alerts;

    public IEnumerable<Alert> Firing => _alerts.Where(a => a.State == AlertState.Firing);

    /// <summary>Raised for each alert that started firing or resolved, after it was logged.</summary>
    public event Action<Alert>? AlertChanged;

    /// <summary>Evaluates every rule once; returns the alerts that fired or resolved in this evaluation.</summary>
    public async Task<IReadOnlyList<Alert>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var changed = Step(context);
            _alerts = _active.Values
                .OrderBy(a => a.State switch { AlertState.Firing => 0, AlertState.Pending => 1, _ => 2 })
                .ThenBy(a => a.Key, StringComparer.Ordinal)
                .ToList();
            foreach (var alert in changed)
            {
                if (alert.State == AlertState.Firing)
                {
                    OpsLog.AlertFiring(_logger, alert.Name, alert.Summary);
                }
                else
                {
                    OpsLog.AlertResolved(_logger, alert.Name, alert.Summary);
                }

                AlertChanged?.Invoke(alert);
            }

            if (_webhook is not null && changed.Count > 0)
            {
                await _webhook.SendAsync(changed, cancellationToken);
            }

            return changed;
        }
        finally
        {
            _gate.Release();
        }
    }

    private List<Alert> Step(AlertContext context)
    {
        var now = context.Now;
        var changed = new List<Alert>();
        var holding = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            foreach (var candidate in rule.Evaluate(context))
            {
                var key = Alert.AlertKey(rule.Name, candidate.Labels);
                holding.Add(key);
                var summary = rule.RenderSummary(candidate.Labels);
                if (!_active.TryGetValue(key, out var alert) || alert.State == AlertState.Resolved)
                {
                    alert = new Alert(rule.Name, rule.Severity, AlertState.Pending, candidate.Labels, summary, candidate.Value, now, Description: rule.RenderDescription(candidate.Labels), RunbookUrl: rule.RunbookUrl);
                }
                else
                {
                    alert = alert with { Value = candidate.Value, Summary = summary };
                }

                if (alert.State == AlertState.Pending && now - alert.ActiveSince >= rule.For)
                {
                    alert = alert with { State = AlertState.Firing, FiredAt = now };
                    changed.Add(alert);
                }

                _active[key] = alert;
            }
        }

        foreach (var (key, alert) in _active.ToList())
        {
            if (holding.Contains(key))
            {
                continue;
            }

            switch (alert.State)
            {
                case AlertState.Pending:
                    _active.Remove(key);
                    break;
                case AlertState.Firing:
                    var resolved = alert with { State = AlertState.Resolved, ResolvedAt = now };
                    _active[key] = resolved;
                    changed.Add(resolved);
                    break;
                case AlertState.Resolved when now - alert.ResolvedAt > _options.ResolvedRetention:
                    _active.Remove(key);
                    break;
            }
        }

        return changed;
    }
}
