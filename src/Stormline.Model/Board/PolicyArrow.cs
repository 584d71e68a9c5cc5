namespace Stormline.Model.Board;

/// <summary>An arrow from the event a policy reacts to, to the policy; <see cref="CrossesContexts"/> when they sit in different lanes.</summary>
public sealed record PolicyArrow(Sticky From, Sticky To, bool CrossesContexts);
