namespace Stormline.Broker.Security;

/// <summary>
/// Kafka's PatternType, with its wire codes. A binding is LITERAL (the name, or <c>*</c> for every resource of its
/// type) or PREFIXED; filters may also say ANY (either, name compared exactly) or MATCH (every binding that would
/// apply to the named resource).
/// </summary>
public enum AclPatternType : sbyte
{
    Unknown = 0,
    Any = 1,
    Match = 2,
    Literal = 3,
    Prefixed = 4,
}
