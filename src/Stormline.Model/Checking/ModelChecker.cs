using Stormline.Model.Diagnostics;
using Stormline.Model.Elements;

namespace Stormline.Model.Checking;

/// <summary>
/// Finds what a workshop leaves loose: names, duplicates, dangling references, missing ids, unknown types and gaps in
/// the flow. Every finding has a stable code (listed in docs/model.md) and the location of the element at fault.
/// </summary>
public sealed partial class ModelChecker
{
    private readonly EventModel _model;
    private readonly List<Diagnostic> _diagnostics = [];

    private ModelChecker(EventModel model) => _model = model;

    /// <summary>All findings, errors first, each group in file order.</summary>
    public static IReadOnlyList<Diagnostic> Check(EventModel model)
    {
        var checker = new ModelChecker(model);
        checker.CheckDuplicates();
        checker.CheckNames();
        checker.CheckReferences();
        checker.CheckIds();
        checker.CheckFieldTypes();
        checker.CheckPersonalData();
        checker.CheckFlow();
        return checker._diagnostics
            .OrderByDescending(d => d.IsError)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
    }

    private void Error(string code, string message, SourceLocation location) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, location));

    private void Warning(string code, string message, SourceLocation location) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, location));
}
