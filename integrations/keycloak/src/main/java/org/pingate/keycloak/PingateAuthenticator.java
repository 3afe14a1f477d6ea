package org.pingate.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.messages.Messages;

/**
 * After Keycloak's username step: asks for the passcode (PIN + tokencode), checks it with
 * Pingate's validate API, and follows Pingate's challenges (the emailed code, New PIN mode,
 * Next Tokencode) on the same page until Pingate accepts or rejects. Pingate being unreachable
 * fails the sign-in: the flow never succeeds without Pingate's ACCEPT.
 */
final class PingateAuthenticator implements Authenticator {
  private static final Logger LOG = Logger.getLogger(PingateAuthenticator.class);
  static final String TEMPLATE = "pingate-passcode.ftl";
  /** The transaction of a pending challenge, and its kind, kept in the authentication session. */
  private static final String TRANSACTION = "pingate.transaction";
  private static final String CHALLENGE = "pingate.challenge";
  private static final String QUESTION = "pingate.question";

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    context.challenge(form(context, null, null).createForm(TEMPLATE));
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
    String pass = params.getFirst("passcode");
    var session = context.getAuthenticationSession();
    String transaction = session.getAuthNote(TRANSACTION);
    if (pass == null || pass.isEmpty()) {
      context.challenge(form(context, transaction == null ? null : session.getAuthNote(QUESTION), null)
          .setError(transaction == null ? "pingatePasscodeMissing" : "pingateAnswerMissing").createForm(TEMPLATE));
      return;
    }
    PingateClient.Answer answer;
    try {
      answer = client(context).check(context.getUser().getUsername(), pass, transaction);
    } catch (PingateClient.Unavailable e) {
      LOG.warnf("Pingate check failed for realm %s: %s", context.getRealm().getName(), e.getMessage());
      clear(session);
      context.failureChallenge(AuthenticationFlowError.INTERNAL_ERROR,
          form(context, null, null).setError("pingateUnavailable").createForm(TEMPLATE));
      return;
    }
    if (answer.accepted()) {
      clear(session);
      context.success();
      return;
    }
    if (answer.challenged() && answer.transactionId() != null) {
      session.setAuthNote(TRANSACTION, answer.transactionId());
      session.setAuthNote(CHALLENGE, answer.challenge());
      String question = questionOf(context, answer);
      session.setAuthNote(QUESTION, question);
      context.challenge(form(context, question, answer).createForm(TEMPLATE));
      return;
    }
    if (transaction != null) {
      // A wrong answer to a challenge: the same question again (Pingate keeps it open).
      context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
          form(context, session.getAuthNote(QUESTION), null).setError("pingateWrongAnswer").createForm(TEMPLATE));
      return;
    }
    context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
        form(context, null, null).setError(Messages.INVALID_USER).createForm(TEMPLATE));
  }

  /** Pingate's question; New PIN mode in Keycloak's words, its policy and reasons listed apart. */
  private static String questionOf(AuthenticationFlowContext context, PingateClient.Answer answer) {
    if (!"new_pin".equals(answer.challenge())) return answer.message();
    String key = answer.mismatch() ? "pingateNewPinMismatch" : answer.violations().isEmpty() ? "pingateNewPinQuestion" : "pingateNewPinRefused";
    try {
      return context.getSession().theme().getTheme(org.keycloak.theme.Theme.Type.LOGIN)
          .getEnhancedMessages(context.getRealm(), context.getSession().getContext().resolveLocale(context.getUser()))
          .getProperty(key, answer.message());
    } catch (java.io.IOException e) {
      return answer.message();
    }
  }

  private static LoginFormsProvider form(AuthenticationFlowContext context, String question, PingateClient.Answer answer) {
    LoginFormsProvider form = context.form();
    form.setAttribute("pingateQuestion", question);
    form.setAttribute("pingateNewPin", answer != null && answer.challenge().startsWith("new_pin"));
    form.setAttribute("pingateViolations", answer == null ? List.of() : answer.violations());
    form.setAttribute("pingatePolicy", answer == null ? List.of() : answer.policy());
    return form;
  }

  private static void clear(org.keycloak.sessions.AuthenticationSessionModel session) {
    session.removeAuthNote(TRANSACTION);
    session.removeAuthNote(CHALLENGE);
    session.removeAuthNote(QUESTION);
  }

  private static PingateClient client(AuthenticationFlowContext context) throws PingateClient.Unavailable {
    AuthenticatorConfigModel model = context.getAuthenticatorConfig();
    Map<String, String> config = model == null ? Map.of() : model.getConfig();
    String url = config.get(PingateAuthenticatorFactory.URL);
    String clientId = config.get(PingateAuthenticatorFactory.CLIENT_ID);
    String secret = config.get(PingateAuthenticatorFactory.CLIENT_SECRET);
    if (url == null || url.isBlank() || clientId == null || clientId.isBlank() || secret == null || secret.isBlank()) {
      throw new PingateClient.Unavailable("the authenticator is not configured (Pingate URL, client id and secret)", null);
    }
    int seconds = parseSeconds(config.get(PingateAuthenticatorFactory.TIMEOUT));
    return new PingateClient(url.trim(), clientId.trim(), secret, Duration.ofSeconds(seconds));
  }

  private static int parseSeconds(String value) {
    try {
      int seconds = Integer.parseInt(value == null ? "" : value.trim());
      return seconds >= 1 && seconds <= 60 ? seconds : PingateAuthenticatorFactory.DEFAULT_TIMEOUT;
    } catch (NumberFormatException e) {
      return PingateAuthenticatorFactory.DEFAULT_TIMEOUT;
    }
  }

  @Override
  public boolean requiresUser() { return true; }

  @Override
  public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) { return true; }

  @Override
  public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

  @Override
  public void close() {}
}
