<#-- Pingate's step in Keycloak's login: the passcode (PIN + tokencode), or the answer to
     Pingate's question (the emailed code, a new PIN, the next tokencode). Plain fields with the
     theme's classes, so it renders in any login theme. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section="header">
        ${msg("pingateTitle")}
    <#elseif section="form">
        <form id="kc-pingate-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#if pingateQuestion?? && pingateQuestion?has_content>
                <p id="pingate-question">${pingateQuestion}</p>
            </#if>
            <#if pingateViolations?? && pingateViolations?has_content>
                <ul id="pingate-violations" role="alert"><#list pingateViolations as reason><li>${reason}</li></#list></ul>
            </#if>
            <#if pingatePolicy?? && pingatePolicy?has_content>
                <p>${msg("pingatePolicyIntro")}</p>
                <ul id="pingate-policy"><#list pingatePolicy as rule><li>${rule}</li></#list></ul>
            </#if>
            <div class="${properties.kcFormGroupClass!}">
                <label for="passcode" class="${properties.kcLabelClass!}"><#if pingateQuestion?? && pingateQuestion?has_content><#if pingateNewPin>${msg("pingateNewPinLabel")}<#else>${msg("pingateAnswerLabel")}</#if><#else>${msg("pingatePasscodeLabel")}</#if></label>
                <input id="passcode" name="passcode" type="password" class="${properties.kcInputClass!}"
                       autocomplete="<#if pingateNewPin>new-password<#else>one-time-code</#if>" autofocus required
                       aria-invalid="<#if messagesPerField.existsError('passcode')>true<#else>false</#if>"/>
                <#if !(pingateQuestion?? && pingateQuestion?has_content)>
                    <p class="${properties.kcInputHelperTextClass!}" id="passcode-hint">${msg("pingatePasscodeHint")}</p>
                </#if>
            </div>
            <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                       name="login" id="kc-login" type="submit" value="${msg("doSubmit")}"/>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
