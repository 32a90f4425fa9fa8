/**
 * The words of the emails to requesters, in each language a request can be made in. Placeholders
 * are `{name}`. Reasons, stages and missing elements come from the pages' catalogues, so an email
 * and the status page say the same thing. `es` is typed against `en`: a missing translation fails
 * the type check.
 */
import type { LegalBasis } from '../domain/request.ts';

const en = {
  law_take_it_down: 'the TAKE IT DOWN Act (United States)',
  law_dsa: 'the Digital Services Act (European Union)',
  law_uk_osa: 'the Online Safety Act (United Kingdom)',
  law_dmca: 'the DMCA (United States copyright law)',
  this_platform: 'this platform',
  footer:
    'This email was sent by the removal-request service of {platform}. You receive it because a request was made with this address. Keep its links private: anyone who has them can see your request.',

  receipt_subject: 'We received your removal request {case}',
  receipt_received: 'We received your request {case} on {received}.',
  receipt_law: 'You made it under {law}. We act on a valid request within 48 hours: by {deadline}.',
  receipt_missing:
    'Some information is still missing. A separate email lists it; the clock has started anyway.',
  receipt_link: 'Follow your request',
  receipt_no_link:
    'For your safety we could not include your private link in this email. Ask for a new one with your case number and this email address.',
  lost_link_label: 'Get a new status link',

  missing_subject: 'Your removal request {case} needs more information',
  missing_intro: 'To act on your request {case} under {law}, we still need:',
  missing_keeps: 'Your request keeps the time it arrived: {received}.',
  missing_link: 'Add the missing information',

  removed_subject: 'We removed the content you reported ({case})',
  partial_subject: 'We removed part of the content you reported ({case})',
  removed_done: 'On {closed} we removed {removed} of {total} items of your request {case}, made under {law}.',
  removed_staydown:
    'We also look for copies on {platform}, and new uploads of the same picture are blocked. Your status page shows what was found.',
  details_link: 'See what was removed',
  other_platforms:
    'To ask other platforms to block the same pictures, StopNCII.org makes a fingerprint on your own device and shares only that:',
  ftc: 'If a platform does not honour a request under the TAKE IT DOWN Act, you can complain to the US Federal Trade Commission:',

  rejected_subject: 'Decision on your removal request {case}: not removed',
  rejected_done: 'We reviewed your request {case}, made under {law}, and did not remove the content.',
  rejected_reason: 'Reason: {reason}',
  appeal_until: 'If you disagree, you can ask for a new review by a person until {until}.',
  appeal_link: 'Ask for a new review',

  update_subject: 'Update on your removal request {case}',
  update_status: 'Your request {case} is now: {stage}.',
  status_link: 'See your request',

  new_link_subject: 'Your new link for removal request {case}',
  new_link_intro:
    'You asked for a new link to follow your request {case}. The previous link no longer works.',
  new_link_ignore: 'If you did not ask for this, ignore this email: your request is not affected.',
};

export type EmailKey = keyof typeof en;

const es: Record<EmailKey, string> = {
  law_take_it_down: 'la Ley TAKE IT DOWN (Estados Unidos)',
  law_dsa: 'el Reglamento de Servicios Digitales (Unión Europea)',
  law_uk_osa: 'la Ley de Seguridad en Línea (Reino Unido)',
  law_dmca: 'la DMCA (ley de derechos de autor de Estados Unidos)',
  this_platform: 'esta plataforma',
  footer:
    'Este correo lo envía el servicio de solicitudes de retirada de {platform}. Lo recibe porque se hizo una solicitud con esta dirección. Mantenga privados sus enlaces: quien los tenga puede ver su solicitud.',

  receipt_subject: 'Hemos recibido su solicitud de retirada {case}',
  receipt_received: 'Recibimos su solicitud {case} el {received}.',
  receipt_law:
    'La hizo al amparo de {law}. Actuamos sobre una solicitud válida en un plazo de 48 horas: antes del {deadline}.',
  receipt_missing:
    'Todavía falta información. Otro correo le indica cuál; el plazo ya ha empezado a contar de todos modos.',
  receipt_link: 'Seguir su solicitud',
  receipt_no_link:
    'Por su seguridad no pudimos incluir su enlace privado en este correo. Pida uno nuevo con su número de caso y esta dirección de correo.',
  lost_link_label: 'Obtener un nuevo enlace de seguimiento',

  missing_subject: 'Su solicitud de retirada {case} necesita más información',
  missing_intro: 'Para actuar sobre su solicitud {case} al amparo de {law}, todavía necesitamos:',
  missing_keeps: 'Su solicitud conserva la hora en que llegó: {received}.',
  missing_link: 'Añadir la información que falta',

  removed_subject: 'Hemos retirado el contenido que denunció ({case})',
  partial_subject: 'Hemos retirado parte del contenido que denunció ({case})',
  removed_done:
    'El {closed} retiramos {removed} de {total} elementos de su solicitud {case}, hecha al amparo de {law}.',
  removed_staydown:
    'También buscamos copias en {platform}, y las nuevas subidas de la misma imagen quedan bloqueadas. Su página de seguimiento muestra lo encontrado.',
  details_link: 'Ver lo que se retiró',
  other_platforms:
    'Para pedir a otras plataformas que bloqueen las mismas imágenes, StopNCII.org crea una huella en su propio dispositivo y solo comparte esa huella:',
  ftc: 'Si una plataforma no atiende una solicitud de la Ley TAKE IT DOWN, puede reclamar ante la Comisión Federal de Comercio de Estados Unidos (FTC):',

  rejected_subject: 'Decisión sobre su solicitud de retirada {case}: no retirado',
  rejected_done: 'Revisamos su solicitud {case}, hecha al amparo de {law}, y no retiramos el contenido.',
  rejected_reason: 'Motivo: {reason}',
  appeal_until: 'Si no está de acuerdo, puede pedir que una persona lo revise de nuevo hasta el {until}.',
  appeal_link: 'Pedir una nueva revisión',

  update_subject: 'Novedades de su solicitud de retirada {case}',
  update_status: 'Su solicitud {case} está ahora así: {stage}.',
  status_link: 'Ver su solicitud',

  new_link_subject: 'Su nuevo enlace para la solicitud de retirada {case}',
  new_link_intro: 'Pidió un nuevo enlace para seguir su solicitud {case}. El enlace anterior ya no funciona.',
  new_link_ignore: 'Si no lo pidió usted, ignore este correo: su solicitud no se ve afectada.',
};

export const EMAIL_MESSAGES = { en, es } as const;

export const lawKey = (basis: LegalBasis) => `law_${basis}` as EmailKey;
