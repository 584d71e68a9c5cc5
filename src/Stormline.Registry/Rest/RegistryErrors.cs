namespace Stormline.Registry.Rest;

/// <summary>Confluent's error codes and messages (schema-registry <c>Errors.java</c>), so clients and scripts match on them.</summary>
internal static class RegistryErrors
{
    public static RegistryException SubjectNotFound(string subject) => new(404, 40401, $"Subject '{subject}' not found.");

    public static RegistryException VersionNotFound(int version) => new(404, 40402, $"Version {version} not found.");

    public static RegistryException SchemaNotFound() => new(404, 40403, "Schema not found");

    public static RegistryException SchemaNotFound(int id) => new(404, 40403, $"Schema {id} not found");

    public static RegistryException SubjectSoftDeleted(string subject) =>
        new(404, 40404, $"Subject '{subject}' was soft deleted.Set permanent=true to delete permanently");

    public static RegistryException SubjectNotSoftDeleted(string subject) =>
        new(404, 40405, $"Subject '{subject}' was not deleted first before being permanently deleted");

    public static RegistryException VersionSoftDeleted(string subject, int version) =>
        new(404, 40406, $"Subject '{subject}' Version {version} was soft deleted.Set permanent=true to delete permanently");

    public static RegistryException VersionNotSoftDeleted(string subject, int version) =>
        new(404, 40407, $"Subject '{subject}' Version {version} was not deleted first before being permanently deleted");

    public static RegistryException SubjectConfigNotFound(string subject) =>
        new(404, 40408, $"Subject '{subject}' does not have subject-level compatibility configured");

    public static RegistryException SubjectModeNotFound(string subject) =>
        new(404, 40409, $"Subject '{subject}' does not have subject-level mode configured");

    public static RegistryException Incompatible(string message) => new(409, 409, message);

    public static RegistryException InvalidSchema(string message) => new(422, 42201, message);

    public static RegistryException InvalidVersion(string version) =>
        new(422, 42202, $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");

    public static RegistryException InvalidCompatibility() =>
        new(422, 42203, "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");

    public static RegistryException InvalidMode(string? mode) =>
        new(422, 42204, $"Invalid mode '{mode}'. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT");

    public static RegistryException ReadOnly(string subject) => new(422, 42205, $"Subject {subject} is in read-only mode");

    public static RegistryException ImportNotEmpty() => new(422, 42205, "Cannot import since found existing subjects");

    public static RegistryException NotImportMode(string subject) => new(422, 42205, $"Subject {subject} is not in import mode");

    public static RegistryException NotReadWriteMode(string subject) => new(422, 42205, $"Subject {subject} is not in read-write mode");

    public static RegistryException IdTaken(int id) => new(422, 42205, $"Overwrite new schema with id {id} is not permitted.");

    public static RegistryException AlreadyRegisteredAs(int id, int requested) =>
        new(422, 42205, $"Schema already registered with id {id} instead of input id {requested}");

    public static RegistryException VersionTaken(string subject, int version, int id) =>
        new(422, 42205, $"Subject '{subject}' version {version} already holds schema id {id}; delete that version first to import another schema under it");

    public static RegistryException InvalidId(int id) => new(422, 42205, $"Invalid schema id {id}: ids are 1 or more");

    public static RegistryException ReferenceExists(string subject, int version) =>
        new(422, 42206, $"One or more references exist to the schema {{magic=1,keytype=SCHEMA,subject={subject},version={version}}}.");

    /// <summary>Malformed or mistyped request JSON; rest-utils answers those with a bare 422.</summary>
    public static RegistryException UnprocessableEntity(string detail) => new(422, 422, $"Unprocessable entity: {detail}");

    public static RegistryException StoreError(string detail) => new(500, 50001, $"Error while writing to the registry log: {detail}");

    public static RegistryException NotFound() => new(404, 404, "HTTP 404 Not Found");

    /// <summary>No or wrong credentials; rest-utils answers the same body whatever went wrong.</summary>
    public static RegistryException Unauthorized() => new(401, 401, "Unauthorized");

    /// <summary>Authenticated but below the role the request needs; 40301 is Confluent's "user is denied operation".</summary>
    public static RegistryException Forbidden(string user, string role, string required, string method, string path) =>
        new(403, 40301, $"User '{user}' ({role}) is denied {method} {path}: it needs the {required} role");
}
