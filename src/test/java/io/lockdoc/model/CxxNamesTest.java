package io.lockdoc.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names g++ 12 mangled here (checked against c++filt), read back as qualified names without arguments. */
class CxxNamesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "_ZNSt5mutex4lockEv | std::mutex::lock",
                "_ZN4bank7Account8transferERS0_i | bank::Account::transfer",
                "_ZN4bank7AccountC1Ev | bank::Account::Account",
                "_ZN4bank7AccountD2Ev | bank::Account::~Account",
                "_ZNK4bank7AccounteqERKS0_ | bank::Account::operator==",
                "_ZNKSt11unique_lockISt5mutexE9owns_lockEv | std::unique_lock::owns_lock",
                "_ZNSt11scoped_lockIJSt5mutexS0_EEC1ERS0_S2_ | std::scoped_lock::scoped_lock",
                "_ZNSt11scoped_lockIJSt5mutexS0_EED1Ev | std::scoped_lock::~scoped_lock",
                "_ZN12_GLOBAL__N_16helperERSt3mapINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEEiSt4lessIS6_ESaISt4pairIKS6_iEEE"
                        + " | (anonymous namespace)::helper",
                "_ZN3BoxIiE3putEiRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE | Box::put",
                "_ZL20__gthread_mutex_lockP15pthread_mutex_t | __gthread_mutex_lock",
                "_ZNSt6thread11_State_implINS_8_InvokerISt5tupleIJZ4mainEUlvE_EEEEE6_M_runEv | std::thread::_State_impl::_M_run",
                "_ZNSt10_Head_baseILm0EZ4mainEUlvE_Lb0EE7_M_headERS1_ | std::_Head_base::_M_head",
                "_ZZ4mainENKUlvE_clEv | main::{lambda()#1}::operator()",
                "_ZZN4bank7Account8transferERS0_iENKUlvE0_clEv | bank::Account::transfer::{lambda()#2}::operator()",
                "_ZNKSt10error_code23default_error_conditionEv | std::error_code::default_error_condition",
                "_Z8fakeNameiii | fakeName",
                // cut by a paste: kept as it came rather than guessed
                "_ZN4bank7Acco | _ZN4bank7Acco",
            })
    void aMangledNameReadsAsItsQualifiedName(String mangled, String expected) {
        assertThat(FunctionNames.normalize(mangled)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"mutex_lock_nested | mutex_lock_nested", "_Z | _Z", "_ZN99x | _ZN99x", "_Z1 | _Z1"})
    void whatIsNotAWholeMangledNameStaysAsItCame(String name, String expected) {
        assertThat(FunctionNames.normalize(name)).isEqualTo(expected);
    }
}
