namespace Stormline.EventSourcing.PersonalData;

/// <summary>A data subject's 256-bit data key under its id; the id goes into every envelope it sealed.</summary>
public sealed record SubjectKey(string KeyId, byte[] Key)
{
    public const int KeyBytes = 32;
}
