export { freePort, isListening } from '@bodega/testing';
