namespace Stormline.Model.Diagnostics;

/// <summary>Errors fail <c>stormline model check</c>; warnings are listed apart and do not.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}
