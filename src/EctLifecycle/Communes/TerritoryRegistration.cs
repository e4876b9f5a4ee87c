namespace EctLifecycle.Communes;

public static class TerritoryRegistration
{
    public const string Section = "Territory";

    /// <summary>The shipped catalog and the settings of section <c>Territory</c>; the configured classes replace the defaults.</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var settings = new TerritorySettings();
        configuration.GetSection(Section).Bind(settings);
        services.AddSingleton(settings);
        services.AddSingleton(_ => CommuneCatalog.Shipped);
        services.AddSingleton<Territory>();
    }
}
