namespace EctLifecycle.Http;

public enum ShapeKind { Text, Boolean, Choice, Date, Amount, Integer, Decimal, Identifier, TextList, Objects }

/// <summary>
/// One field as a <see cref="FieldReader"/> reads it: its kind, whether it must be given, its limits and, for a closed
/// list, the API's values with their French labels.
/// </summary>
public sealed record FieldShape(string Name, ShapeKind Kind, bool Required)
{
    public int? MaxLength { get; init; }
    public long? Minimum { get; init; }
    public decimal? Maximum { get; init; }
    /// <summary>The allowed values (of the field, or of each item of a list), as the API writes them.</summary>
    public IReadOnlyList<string>? Values { get; init; }
    public Type? ValuesOf { get; init; }
    /// <summary>The fields of each object of a list of objects.</summary>
    public FieldShapes? Items { get; init; }
}

/// <summary>
/// The fields a reading asks for, recorded by a <see cref="FieldReader"/> made on it instead of on a body: the
/// description of a body comes from the code that reads it, so it cannot list a field the code does not read, nor miss
/// one. A field the code only reads after asking whether it was given (<see cref="FieldReader.Has"/>) is optional.
/// </summary>
public sealed class FieldShapes
{
    private readonly List<FieldShape> _fields = [];
    private readonly HashSet<string> _probed = new(StringComparer.Ordinal);

    public IReadOnlyList<FieldShape> Fields => _fields;

    /// <summary>True when the reading refuses any field it did not ask for.</summary>
    public bool Closed { get; internal set; }

    internal void Probe(string field)
    {
        if (_fields.TrueForAll(f => f.Name != field)) _probed.Add(field);
    }

    internal void Add(FieldShape shape)
    {
        var required = shape.Required && !_probed.Contains(shape.Name);
        var at = _fields.FindIndex(f => f.Name == shape.Name);
        if (at < 0) _fields.Add(shape with { Required = required });
        else if (required && !_fields[at].Required) _fields[at] = _fields[at] with { Required = true };
    }
}
