using Stormline.Model.Diagnostics;
using Stormline.Model.Elements;

namespace Stormline.Model.Parsing;

/// <summary>What parsing gives: the model as far as it could be read, and every structural problem found on the way.</summary>
public sealed record ModelParseResult(EventModel? Model, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Model is not null && !Diagnostics.Any(d => d.IsError);
}
