namespace Shop.Payments.Gateway;

/// <summary>The gateway's answer to an authorization: approved with an approval code, or declined with a reason.</summary>
public sealed record GatewayDecision(bool Approved, string? ApprovalCode, string? DeclineReason);
