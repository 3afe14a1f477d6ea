// The bundled list of common PINs behind `forbidCommonPins`: the numeric PINs of 4 to 8 digits
// that people choose most often, so that an attacker tries them first. Written for Pingate after
// the published PIN studies (Berry, "PIN analysis", DataGenetics 2012; Bonneau, Preibusch and
// Anderson, "A birthday present every eleven wallets?", 2012; Wang et al., "Understanding human-
// chosen PINs", 2017; Markert et al., "This PIN can be easily guessed", 2020): repeated digits,
// doubled pairs, runs up and down, keypad lines and shapes, and PINs that spell a word.
// Dates and years are left to the date rule (rules/dates.ts), which `forbidDatePins` switches on;
// the few listed here (1212, 2000...) are common for another reason too.
//
// NIST SP 800-63B-4 (3.1.1.2) asks verifiers to compare a new secret with a blocklist of commonly
// used, expected or compromised values. The list is matched against the whole PIN; the operator's
// own list (`bannedPins`, with `?` wildcards) comes on top of it.

import { dictionary } from '@zxcvbn-ts/language-common';

const FOUR_DIGITS = [
  // repeated digits and doubled pairs
  '0000', '1111', '2222', '3333', '4444', '5555', '6666', '7777', '8888', '9999',
  '1212', '1313', '1010', '2323', '4545', '6969', '1122', '1221', '2121', '2112', '1001', '2002',
  '1100', '1133', '1144', '2211', '3131', '4040', '5050', '5150', '6767', '7878', '8787',
  '9090', '0101', '0011', '0110', '1112', '1211', '1121', '1000', '9000',
  // runs up and down
  '1234', '2345', '3456', '4567', '5678', '6789', '7890', '0123', '4321', '5432', '6543', '9876', '3210',
  '0987', '1357', '2468', '1230', '1235', '1236', '1123',
  // keypad lines and shapes (columns, rows, diagonals, corners, a cross)
  '2580', '0852', '1470', '0741', '7410', '3690', '0963', '1478', '3698', '9632', '7896', '1593', '3579',
  '7531', '9513', '1379', '7913', '1397', '2846', '4862', '8520', '0258', '1590',
  // years, words and numbers with a meaning
  '2000', '2001', '1004', '0007', '0911', '5683', '4653', '2525', '1024', '1337',
];

const SIX_DIGITS = [
  // repeated digits and doubled or tripled groups
  '000000', '111111', '222222', '333333', '444444', '555555', '666666', '777777', '888888', '999999',
  '121212', '131313', '101010', '232323', '696969', '112233', '123123', '123321', '321321', '112211',
  '111222', '100100', '110110', '202020', '520520', '456456', '789789', '007007',
  // runs up and down
  '123456', '234567', '345678', '456789', '012345', '654321', '765432', '987654', '543210', '135790',
  '102030', '010203', '123654', '321654', '456123', '789123', '123789', '123465', '124578',
  // keypad lines and shapes
  '147258', '258369', '369258', '147369', '159753', '159357', '357159', '753951', '159951', '147852',
  '741852', '963852', '852456', '789456', '258456', '142536', '147963', '369147', '258258',
  // words and numbers with a meaning
  '520131', '911911',
];

const SEVEN_AND_EIGHT_DIGITS = [
  '0000000', '1111111', '7777777', '1234567', '7654321', '1212121', '5201314', '8675309', '1231234',
  '00000000', '11111111', '22222222', '55555555', '66666666', '77777777', '88888888', '99999999',
  '12121212', '13131313', '69696969', '11223344', '12341234', '12344321', '11112222', '10203040',
  '12345678', '23456789', '87654321', '98765432', '12345679', '12312312', '14725836', '15935746',
  '14789632', '25802580', '52013140',
];

/** The list as written: digits only, 4 to 8 of them, no entry twice (the unit tests check it). */
export const COMMON_PIN_LIST: readonly string[] = Object.freeze([...FOUR_DIGITS, ...SIX_DIGITS, ...SEVEN_AND_EIGHT_DIGITS]);

/**
 * The numeric passwords of 4 to 12 digits in zxcvbn-ts's common-passwords dictionary (about
 * 4,000, ranked by how often they appear in breach corpora): the blocklist of compromised values
 * NIST SP 800-63B-4 and ASVS 5.0 (6.2.4, 6.2.12) ask for, well beyond the top 3,000 that fit the
 * default policy (6 to 8 digits: about 3,600 of them). Pure data, read from the package once.
 */
export const BREACHED_NUMERIC_PASSWORDS: readonly string[] = Object.freeze(dictionary['passwords-common'].filter((word) => /^[0-9]{4,12}$/.test(word)));

/** The common PINs, for lookups: the list written here and the breached numeric passwords. */
export const COMMON_PINS: ReadonlySet<string> = new Set([...COMMON_PIN_LIST, ...BREACHED_NUMERIC_PASSWORDS]);
