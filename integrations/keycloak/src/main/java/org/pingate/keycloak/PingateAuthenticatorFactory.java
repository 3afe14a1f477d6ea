package org.pingate.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers the authenticator ("Pingate PIN + tokencode") and its configuration. */
public final class PingateAuthenticatorFactory implements AuthenticatorFactory {
  public static final String ID = "pingate-passcode";
  static final String URL = "pingate.url";
  static final String CLIENT_ID = "pingate.clientId";
  static final String CLIENT_SECRET = "pingate.clientSecret";
  static final String TIMEOUT = "pingate.timeoutSeconds";
  static final int DEFAULT_TIMEOUT = 10;
  private static final PingateAuthenticator SINGLETON = new PingateAuthenticator();

  private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
      .property().name(URL).label("Pingate URL").type(ProviderConfigProperty.STRING_TYPE)
      .helpText("Pingate's issuer URL, e.g. https://pingate.example.com").add()
      .property().name(CLIENT_ID).label("Validate client id").type(ProviderConfigProperty.STRING_TYPE)
      .helpText("A Pingate service client with the scope validate (pingate client add-service <id> --scope validate)").add()
      .property().name(CLIENT_SECRET).label("Validate client secret").type(ProviderConfigProperty.PASSWORD).secret(true)
      .helpText("Its secret").add()
      .property().name(TIMEOUT).label("Timeout (seconds)").type(ProviderConfigProperty.STRING_TYPE)
      .defaultValue(String.valueOf(DEFAULT_TIMEOUT)).helpText("How long to wait for Pingate (1-60); beyond it the sign-in fails").add()
      .build();

  @Override public String getId() { return ID; }
  @Override public String getDisplayType() { return "Pingate PIN + tokencode"; }
  @Override public String getReferenceCategory() { return "otp"; }
  @Override public boolean isConfigurable() { return true; }
  @Override public boolean isUserSetupAllowed() { return false; }
  @Override public String getHelpText() { return "Checks the user's PIN + tokencode with Pingate's validate API, with its email code, New PIN and Next Tokencode challenges."; }
  @Override public List<ProviderConfigProperty> getConfigProperties() { return CONFIG; }
  @Override public Authenticator create(KeycloakSession session) { return SINGLETON; }
  @Override public void init(Config.Scope config) {}
  @Override public void postInit(KeycloakSessionFactory factory) {}
  @Override public void close() {}

  @Override
  public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
    return new AuthenticationExecutionModel.Requirement[] {
      AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED,
    };
  }
}
