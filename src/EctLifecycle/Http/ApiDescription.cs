namespace EctLifecycle.Http;

// What an endpoint tells the API's description (Http/OpenApi) of what it reads by hand. Here, below the areas, so that an
// endpoint names them without reading the description, which reads every area.

/// <summary>A query parameter an endpoint reads by hand, for the API's description: a date, a grid version or a closed list.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    /// <summary>The enum whose wire names are the allowed values.</summary>
    public Type? Choice { get; init; }
    public bool Grid { get; init; }
    public bool Date { get; init; }
    public bool Required { get; init; }
}

/// <summary>The body an endpoint reads by hand (the framework cannot see it), for the API's description.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DescribedBodyAttribute(BodyKind kind) : Attribute
{
    public BodyKind Kind { get; } = kind;
}

public enum BodyKind { Registration, Milestone, Erasure, Import, NewPlan, CancelPlan, MovePlan }

