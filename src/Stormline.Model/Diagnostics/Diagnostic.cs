namespace Stormline.Model.Diagnostics;

/// <summary>One finding about a model file, printed like a compiler message: <c>file:line:col: error code: message</c>.</summary>
/// <param name="Code">A stable kebab-case id (e.g. <c>event-tense</c>) that scripts and the docs refer to.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, SourceLocation Location)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")} {Code}: {Message}";
}
