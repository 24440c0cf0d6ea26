package dev.wimigrate.identity.azure;

import dev.wimigrate.azurekit.AzureSettings;
import io.smallrye.config.ConfigMapping;

/** {@code wimigrate.azure.*} for this service (see {@link AzureSettings}). */
@ConfigMapping(prefix = "wimigrate.azure")
public interface AzureConfig extends AzureSettings {}
