namespace Stormline.Model.Elements;

/// <summary>Words the naming heuristic does not know, declared in the model: extra past-tense and imperative verbs.</summary>
public sealed record Vocabulary(IReadOnlyList<string> PastTense, IReadOnlyList<string> Imperative)
{
    public static Vocabulary Empty { get; } = new([], []);
}
